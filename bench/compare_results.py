#!/usr/bin/env python3
"""Compares the answers and times of several SPARQL systems on one query mix.

    compare_results.py --system annals DUMP_DIR TIMES.jsonl --system jena DUMP_DIR TIMES.jsonl ...

Each system gives a folder of SPARQL-JSON results (QUERY.srj, from the runners' --dump) and
the JSON lines its runner printed ({"event":"query","query":...,"median_s":...}). The first
system is the one measured: its ratio is its median time over the best of the others (below
1: faster). Prints a Markdown table (query, rows, each system's ms, ratio, agree) and the
median ratio; exits 1 if some query's answers differ.

Answers agree when every system returns the same rows as multisets. Terms are compared by
their SPARQL-JSON form with these differences ignored: "typed-literal" (an old spelling) is a
literal; a literal typed xsd:string is the simple literal; language tags are compared in lower
case; numbers (xsd:integer, decimal, double, float and the integer subtypes) are compared by
datatype and value, so "1.50" and "1.5" as decimals are equal. When the query has ORDER BY
(the mix orders on keys that leave no ties between distinct rows) the rows must also come in
the same order: "order" in the agree column marks the same rows in another order.
Standard library only.
"""

import argparse
import collections
import decimal
import json
import math
import os
import re
import statistics
import sys

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte")}
FLOAT_TYPES = {XSD + "double", XSD + "float"}


def number_key(datatype, value):
    """The value of a numeric literal, comparable across spellings; None if not a number."""
    try:
        if datatype in INTEGER_TYPES:
            return int(value.strip())
        if datatype == XSD + "decimal":
            return decimal.Decimal(value.strip()).normalize()
        if datatype in FLOAT_TYPES:
            f = float(value.strip())
            return "NaN" if math.isnan(f) else f
    except (ValueError, decimal.InvalidOperation):
        return None
    return None


def term_key(term):
    """A hashable, normalised form of one SPARQL-JSON term."""
    kind = term.get("type")
    if kind == "typed-literal":
        kind = "literal"
    if kind == "literal":
        datatype = term.get("datatype", "")
        if datatype == XSD + "string":
            datatype = ""
        lang = term.get("xml:lang", "").lower()
        num = number_key(datatype, term["value"])
        value = num if num is not None else term["value"]
        return ("literal", value, datatype, lang, term.get("its:dir", ""))
    if kind == "triple":
        inner = term["value"]
        return ("triple", term_key(inner["subject"]), term_key(inner["predicate"]),
                term_key(inner["object"]))
    return (kind, term.get("value"))


def load_answer(path):
    """(kind, rows) from a .srj file: kind 'boolean' or 'select'; None if the file is missing."""
    if not os.path.exists(path):
        return None
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except ValueError:  # cut short (a query stopped by its timeout while dumping)
        return None
    if "boolean" in doc:
        return ("boolean", [doc["boolean"]])
    rows = []
    for binding in doc.get("results", {}).get("bindings", []):
        rows.append(tuple(sorted((var, term_key(t)) for var, t in binding.items())))
    return ("select", rows)


def load_times(path):
    """query name -> the runner's record (median_s, count or error)."""
    out = {}
    if not path or not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            rec = json.loads(line)
            if rec.get("event") == "query":
                out[rec["query"]] = rec
    return out


def agreement(answers, ordered):
    """'yes', 'order' (same rows, another order) or 'no' over the answers present."""
    present = [a for a in answers if a is not None]
    if len(present) < 2:
        return "-"
    first = present[0]
    if any(a[0] != first[0] for a in present):
        return "no"
    counts = [collections.Counter(a[1]) for a in present]
    if any(c != counts[0] for c in counts[1:]):
        return "no"
    if ordered and any(a[1] != first[1] for a in present[1:]):
        return "order"
    return "yes"


def difference(names, answers):
    """One line on what differs between the first answer and each other one."""
    out = []
    base_name, base = next(((n, a) for n, a in zip(names, answers) if a is not None), (None, None))
    for name, ans in zip(names, answers):
        if ans is None or name == base_name:
            continue
        a, b = collections.Counter(base[1]), collections.Counter(ans[1])
        only_base, only_other = a - b, b - a
        if only_base or only_other:
            sample = list(only_base.elements())[:1] or list(only_other.elements())[:1]
            out.append(f"{base_name} {len(base[1])} rows vs {name} {len(ans[1])}: "
                       f"{sum(only_base.values())} only in {base_name}, "
                       f"{sum(only_other.values())} only in {name}; e.g. {sample[0]}")
    return "; ".join(out)


def has_order_by(query_dir, name):
    if not query_dir:
        return False
    path = os.path.join(query_dir, name + ".rq")
    if not os.path.exists(path):
        return False
    with open(path, encoding="utf-8") as f:
        text = re.sub(r"#[^\n]*", "", f.read())
    return re.search(r"\bORDER\s+BY\b", text, re.IGNORECASE) is not None


def ms(rec):
    if rec is None:
        return None
    if "error" in rec:
        return "error"
    m = rec.get("median_s")
    return None if m is None else m * 1000.0


def fmt_ms(v):
    if v is None:
        return "–"
    if isinstance(v, str):
        return v
    return f"{v:.1f}" if v < 100 else f"{v:.0f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--system", nargs=3, action="append", required=True,
                    metavar=("NAME", "DUMP_DIR", "TIMES_JSONL"))
    ap.add_argument("--queries", help="the folder of *.rq (to see which have ORDER BY)")
    args = ap.parse_args()
    names = [s[0] for s in args.system]
    times = [load_times(s[2]) for s in args.system]
    queries = sorted(set().union(*[set(t) for t in times]) |
                     {f[:-4] for s in args.system if os.path.isdir(s[1])
                      for f in os.listdir(s[1]) if f.endswith(".srj")})

    print("| query | rows | " + " | ".join(f"{n} ms" for n in names) +
          f" | {names[0]} / best other | agree |")
    print("| --- | ---: | " + " | ".join("---:" for _ in names) + " | ---: | --- |")
    ratios, problems = [], []
    for q in queries:
        answers = [load_answer(os.path.join(s[1], q + ".srj")) for s in args.system]
        verdict = agreement(answers, has_order_by(args.queries, q))
        counts = sorted({len(a[1]) for a in answers if a is not None})
        rows = "/".join(str(c) for c in counts) if counts else "–"
        t = [ms(tt.get(q)) for tt in times]
        others = [v for v in t[1:] if isinstance(v, float)]
        ratio = t[0] / min(others) if isinstance(t[0], float) and others and min(others) > 0 else None
        if ratio is not None:
            ratios.append(ratio)
        print(f"| {q} | {rows} | " + " | ".join(fmt_ms(v) for v in t) +
              f" | {'–' if ratio is None else f'{ratio:.2f}'} | {verdict} |")
        if verdict in ("no", "order"):
            problems.append(f"{q}: {verdict}: {difference(names, answers) or 'rows in another order'}")
        for n, v in zip(names, t):
            if v == "error":
                problems.append(f"{q}: {n} failed: {times[names.index(n)][q]['error']}")
            elif v is None and answers[names.index(n)] is None:
                problems.append(f"{q}: no result from {n}")
    print()
    if ratios:
        over = sum(1 for r in ratios if r > 2.0)
        print(f"median ratio {names[0]} / best other: {statistics.median(ratios):.2f} over "
              f"{len(ratios)} queries (geometric mean {math.exp(statistics.fmean(math.log(max(r, 1e-9)) for r in ratios)):.2f}); "
              f"{over} above 2x, {sum(1 for r in ratios if r < 1.0)} faster")
    for p in problems:
        print("- " + p)
    return 1 if any(": no:" in p or ": order:" in p for p in problems) else 0


if __name__ == "__main__":
    sys.exit(main())
