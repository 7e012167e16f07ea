#!/usr/bin/env python3
"""Write a large, deterministic actuals CSV for benchmarks, in the shapes real files take.

Usage: gen_actuals.py ROWS [OUT.csv] [--seed=N] [--shape=S] [--entities=E] [--indicators=K]
                      [--campaign=OUT.toml]

Columns: indicator,period,entity,value,unit — the long ("tidy") layout, one
measured value per row, as a statistics office or an ERP export produces it.

Shapes (--shape, default plain):
  plain           en numbers (46.4), comma-separated, nothing quoted, ASCII entity ids, LF
  vi-quoted       vi numbers ("46,4" quoted, as a comma-separated file must), Vietnamese
                  entity names with diacritics (Từ Sơn), LF — what LibreOffice or Google
                  Sheets writes for a Vietnamese sheet
  vi-semicolon    vi numbers unquoted, `;`-separated, Vietnamese names — Excel in a
                  comma-decimal locale
  quote-all-crlf  every field quoted, CRLF line ends, en numbers — R's write.csv,
                  many ERP exports
  erp             plain, with a document number first and a posting time last on
                  every row (columns attain does not read, different on every line) —
                  a ledger export of transactions
  daily           plain, dated by the day (2022-06-03): 7 × 336 × 8 = 18,816 keys

--entities=E (default 8) and --indicators=K (default 7) widen the key space: with
more than 7 indicators the ids are synthetic (ind_0000 ...), alternating flows
(aggregate sum) and rates (aggregate mean, across mean); --campaign writes the
matching campaign file. The default 7 indicators match the shipped Bac Ninh 2022
campaign and bench/campaign.toml.
Same arguments -> byte-identical file.
"""
import random
import sys

INDICATORS = [
    # id, unit, low, high, decimals, flow?
    ("export_import", "million USD", 0.01, 50.0, 2, True),
    ("social_investment", "billion VND", 0.1, 900.0, 1, True),
    ("budget_revenue", "billion VND", 0.01, 300.0, 2, True),
    ("grdp_growth", "%", -3.0, 12.0, 1, False),
    ("urbanization_rate", "%", 30.0, 60.0, 1, False),
    ("trained_labour_rate", "%", 60.0, 90.0, 1, False),
    ("poverty_rate", "%", 0.3, 3.0, 2, False),
]
ENTITIES = [
    "bac_ninh_city", "tu_son", "tien_du", "yen_phong", "que_vo",
    "thuan_thanh", "gia_binh", "luong_tai",
]
VI_NAMES = [
    "Thành phố Bắc Ninh", "Từ Sơn", "Tiên Du", "Yên Phong", "Quế Võ",
    "Thuận Thành", "Gia Bình", "Lương Tài",
]
SYLLABLES = ["Bắc", "Ninh", "Từ", "Sơn", "Tiên", "Du", "Yên", "Phong", "Quế", "Võ", "Thuận",
             "Thành", "Gia", "Bình", "Lương", "Tài", "Đông", "Phú", "Hòa", "Xã", "Lạc", "Vệ"]


def opt(name, default):
    for a in sys.argv[1:]:
        if a.startswith(f"--{name}="):
            return a.split("=", 1)[1]
    return default


def indicators(k):
    if k == len(INDICATORS):
        return INDICATORS
    out = []
    for i in range(k):
        if i % 2 == 0:
            out.append((f"ind_{i:04d}", "billion VND", 0.01, 300.0, 2, True))
        else:
            out.append((f"ind_{i:04d}", "%", 0.0, 100.0, 1, False))
    return out


def entities(e, vi):
    if e <= len(ENTITIES):
        return (VI_NAMES if vi else ENTITIES)[:e]
    rng = random.Random(7)
    out = []
    for i in range(e):
        if vi:
            out.append(f"Xã {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)} {i}")
        else:
            out.append(f"commune_{i:06d}")
    return out


def write_campaign(path, inds, locale):
    with open(path, "w", encoding="utf-8") as f:
        f.write(f'[campaign]\nname = "Benchmark (generated rows)"\nperiod = "2022"\nlocale = "{locale}"\n')
        for ind, unit, lo, hi, dec, flow in inds:
            f.write(f'\n[[target]]\nid = "{ind}"\n')
            if ind == "export_import":
                f.write('unit = "million USD"\nat_least = 92070\naggregate = "sum"\n')
            elif ind == "social_investment":
                f.write('unit = "trillion VND"\nat_least = 70\naggregate = "sum"\n')
            elif flow:
                f.write(f'unit = "{unit}"\nat_least = 30567\naggregate = "sum"\n')
            else:
                f.write(f'unit = "{unit}"\nat_least = 50\naggregate = "mean"\nacross = "mean"\n')


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        sys.exit(__doc__)
    seed = int(opt("seed", "2022"))
    shape = opt("shape", "plain")
    if shape not in ("plain", "vi-quoted", "vi-semicolon", "quote-all-crlf", "erp", "daily"):
        sys.exit(f"unknown shape {shape}")
    vi = shape.startswith("vi-")
    inds = indicators(int(opt("indicators", str(len(INDICATORS)))))
    ents = entities(int(opt("entities", str(len(ENTITIES)))), vi)
    camp = opt("campaign", None)
    if camp:
        write_campaign(camp, inds, "vi" if vi else "en")

    rows = int(args[0])
    out = open(args[1], "w", newline="", encoding="utf-8") if len(args) > 1 else sys.stdout
    rng = random.Random(seed)
    w = out.write
    sep, end = (";" if shape == "vi-semicolon" else ","), ("\r\n" if shape == "quote-all-crlf" else "\n")
    header = ["indicator", "period", "entity", "value", "unit"]
    if shape == "erp":
        header = ["doc_no"] + header + ["posted_at"]
    if shape == "quote-all-crlf":
        w(",".join(f'"{h}"' for h in header) + end)
    else:
        w(sep.join(header) + end)
    buf = []
    ni, ne = len(inds), len(ents)
    for n in range(rows):
        ind, unit, lo, hi, dec, _flow = inds[rng.randrange(ni)]
        month = rng.randrange(1, 13)
        ent = ents[rng.randrange(ne)]
        val = f"{round(rng.uniform(lo, hi), dec):.{dec}f}"
        if shape == "plain":
            buf.append(f"{ind},2022-{month:02d},{ent},{val},{unit}\n")
        elif shape == "vi-quoted":
            buf.append(f'{ind},2022-{month:02d},{ent},"{val.replace(".", ",")}",{unit}\n')
        elif shape == "erp":
            day, second = 1 + n % 28, n % 86400
            buf.append(f"HD{n:09d},{ind},2022-{month:02d},{ent},{val},{unit},"
                       f"2022-{month:02d}-{day:02d}T{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}\n")
        elif shape == "daily":
            buf.append(f"{ind},2022-{month:02d}-{1 + n % 28:02d},{ent},{val},{unit}\n")
        elif shape == "vi-semicolon":
            buf.append(f"{ind};2022-{month:02d};{ent};{val.replace('.', ',')};{unit}\n")
        else:
            buf.append(f'"{ind}","2022-{month:02d}","{ent}","{val}","{unit}"\r\n')
        if len(buf) >= 65536:
            w("".join(buf))
            buf.clear()
    w("".join(buf))
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
