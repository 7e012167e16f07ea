//! `attain sql`: the pushdown query for the campaign, written to standard
//! output or `-o`.

use crate::cli::{EngineArg, SqlArgs};
use crate::diagnostic::Usage;
use crate::error::{EXIT_OK, Error};
use crate::sql::{Engine, Source, query};

use super::write_output;

pub(crate) fn run(args: SqlArgs) -> Result<i32, Error> {
    let flag = args.lang.map(crate::settings::lang_of);
    let loaded = crate::campaign::load(&args.campaign.targets);
    let lang = match (&loaded, flag) {
        (_, Some(lang)) => Some(lang),
        (Ok(campaign), None) => Some(campaign.lang),
        (Err(_), None) => crate::campaign::declared_lang(&args.campaign.targets),
    };
    if let Some(lang) = lang {
        crate::diagnostic::speak(lang);
    }
    let campaign = loaded?;
    let as_of = args
        .as_of
        .as_deref()
        .map(|t| {
            crate::period::parse_as_of(t)
                .map_err(|e| Error::Usage(Usage::BadAsOf { reason: e.said() }))
        })
        .transpose()?;
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
    // `-o targets.toml`, through whatever spelling or link, would replace
    // the campaign with its own query.
    if let Some(out) = &output
        && let Some(id) = crate::output::identity(out)
        && crate::output::identity(&args.campaign.targets) == Some(id)
    {
        let shown =
            crate::text::printable(&args.campaign.targets.display().to_string()).into_owned();
        return Err(Error::Usage(Usage::WouldOverwriteInput {
            out: crate::text::printable(&out.display().to_string()).into_owned(),
            what: format!("the campaign file {shown}"),
        }));
    }
    write_output(output.as_deref(), text.as_bytes())?;
    Ok(EXIT_OK)
}
