//! `attain sql`: the pushdown query for the campaign, written to standard
//! output or `-o`.

use crate::cli::{EngineArg, SqlArgs};
use crate::diagnostic::Usage;
use crate::error::{EXIT_OK, Error};
use crate::sql::{Engine, Source, query};

use crate::settings::as_of_arg;

use super::{guard_campaign, load_campaign_at, write_output};

pub(crate) fn run(args: SqlArgs) -> Result<i32, Error> {
    let flag = args.lang.map(crate::settings::lang_of);
    let campaign = load_campaign_at(&args.campaign.targets, flag)?;
    let as_of = args.as_of.as_deref().map(as_of_arg).transpose()?;
    let engine = match args.engine {
        EngineArg::Duckdb => Engine::DuckDb,
        EngineArg::Postgres => Engine::Postgres,
        EngineArg::Spark => Engine::Spark,
    };
    let entity = args.entity.trim();
    let source = Source {
        from: args.from,
        indicator: args.indicator,
        date: args.date,
        entity: (!entity.is_empty()).then(|| entity.to_string()),
        value: args.value,
    };
    let text = query(&campaign, engine, &source, as_of, args.scale)
        .map_err(|e| Error::Usage(Usage::Sql { reason: e.said() }))?;
    let output = args.output.filter(|p| p.as_os_str() != "-");
    // `-o targets.toml` would replace the campaign with its own query.
    if let Some(out) = &output {
        guard_campaign(out, &args.campaign.targets)?;
    }
    write_output(output.as_deref(), text.as_bytes())?;
    Ok(EXIT_OK)
}
