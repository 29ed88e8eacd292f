"""Seeded generator of random SPARQL 1.1 queries over annals_gen's data (bench/gen_quads.cpp,
with --paths), for the differential fuzzer qfuzz.py.

The data: entities <gen:eN> (N below QUADS/8+10) with rdfs:label "Entity N"@en, rdf:type one
of five classes (fixed by N mod 5), gen:fatalities integers 0..4999, gen:reportedOn dates
1995..2025 and twelve relations between entities, each quad in one of QUADS/200+1 source
graphs <gen:source/K>; --paths adds a class hierarchy in <gen:ontology> and cycles of :allyOf
in <gen:alliances> over the first quarter of the entities. Queries run with the default graph
as the union of all graphs (both systems' option), and name graphs with GRAPH where they test
that.

Every query is valid SPARQL 1.1 and has one answer: no RAND/NOW/BNODE/UUID, no LIMIT without
an ORDER BY over every projected variable, SAMPLE only of a value the group determines,
GROUP_CONCAT only under a name the comparer sorts (its order is unspecified). The restrictions
each say why where they are made; `Query.ordered` tells the comparer the rows' order counts.
"""

import random

XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = """PREFIX : <https://annals.dev/gen/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
RELATIONS = ["supports", "attacked", "visited", "recognises", "opposes", "fundedBy", "memberOf",
             "negotiatedWith", "expelled", "tradesWith", "sanctioned", "allyOf"]
CLASSES = ["State", "ArmedGroup", "Person", "Organisation", "City"]
SUPERCLASSES = ["Polity", "Actor", "NonStateActor", "Agent", "Place"]

# A GROUP_CONCAT's result is named ?gc<N>: the comparer splits it at the separator and sorts
# the parts, since SPARQL leaves the order of a group's values unspecified.
GC_SEPARATOR = "|"


class Query:
    def __init__(self, text, ordered, shape):
        self.text = text
        self.ordered = ordered  # ORDER BY over every projected variable: the order is the answer
        self.shape = shape  # a short tag of what the query exercises, for the report


class Gen:
    """One query at a time; the variables in scope carry a kind that says what they hold."""

    def __init__(self, rng, quads, edges):
        self.r = rng
        self.edges = edges
        self.entities = quads // 8 + 10
        self.sources = quads // 200 + 1
        self.alliance_entities = 16 * max(self.entities // 64, 1)

    # --- small helpers -------------------------------------------------------------------
    def fresh(self, prefix):
        self.counter += 1
        return f"?{prefix}{self.counter}"

    def ent(self):
        return f":e{self.r.randrange(self.entities)}"

    def ally_ent(self):
        return f":e{self.r.randrange(self.alliance_entities)}"

    def rel(self):
        return ":" + self.r.choice(RELATIONS)

    def subject_of(self, rel):
        """An entity with an edge `rel` (":name"), so that chains from a constant go somewhere:
        the random relations have 0.4 edges an entity each."""
        starts = self.edges.get(rel[1:])
        return f":e{self.r.choice(starts)}" if starts else self.ent()

    def chance(self, p):
        return self.r.random() < p

    def vars_of(self, kind, maybe=False):
        """Variables of a kind that are certainly bound (or, with maybe, bound or not)."""
        out = [v for v, k in self.kinds.items() if k == kind and (maybe or v not in self.optional)]
        return out

    def bind(self, var, kind, optional=False):
        self.kinds[var] = kind
        if optional:
            self.optional.add(var)

    # --- triple patterns about an entity variable -------------------------------------------
    def prop(self, x, optional=False, allow_var_pred=True):
        """One triple pattern about ?x, binding a new variable of the matching kind."""
        r = self.r.random()
        if r < 0.15:
            v = self.fresh("l")
            self.bind(v, "label", optional)
            return f"{x} rdfs:label {v} ."
        if r < 0.27:
            if self.chance(0.4):
                return f"{x} rdf:type :{self.r.choice(CLASSES)} ."
            v = self.fresh("t")
            self.bind(v, "class", optional)
            return f"{x} rdf:type {v} ."
        if r < 0.42:
            v = self.fresh("f")
            self.bind(v, "int", optional)
            return f"{x} :fatalities {v} ."
        if r < 0.55:
            v = self.fresh("d")
            self.bind(v, "date", optional)
            return f"{x} :reportedOn {v} ."
        if r < 0.6 and allow_var_pred:
            # A variable predicate: its object is any term (IRI, number, date, label), which
            # ORDER BY and MIN/MAX leave alone (SPARQL does not order literals of different
            # datatypes among themselves).
            p, y = self.fresh("p"), self.fresh("o")
            self.bind(p, "pred", optional)
            self.bind(y, "any", optional)
            return f"{x} {p} {y} ."
        y = self.fresh("y")
        self.bind(y, "ent", optional)
        if self.chance(0.3):
            return f"{y} {self.rel()} {x} ."
        return f"{x} {self.rel()} {y} ."

    # --- shapes: the core of a query ---------------------------------------------------------
    def star(self):
        x = self.fresh("x")
        self.bind(x, "ent")
        if self.chance(0.25):
            # A constant-centred star: every fact about one entity.
            c = self.ent()
            self.bind(x, "ent")
            return [f"VALUES {x} {{ {c} }}"] + [self.prop(x) for _ in range(self.r.randint(1, 3))]
        return [self.prop(x, allow_var_pred=False) for _ in range(self.r.choice([2, 2, 3, 4]))]

    def chain(self):
        n = self.r.choice([2, 2, 2, 3, 3, 4])
        xs = [self.fresh("x") for _ in range(n + 1)]
        for x in xs:
            self.bind(x, "ent")
        pats = [f"{xs[i]} {self.rel()} {xs[i + 1]} ." for i in range(n)]
        if self.chance(0.5):
            pats[0] = pats[0].replace(xs[0], self.subject_of(pats[0].split()[1]), 1)
            del self.kinds[xs[0]]
        if self.chance(0.5):
            pats.append(self.prop(xs[-1], allow_var_pred=False))
        return pats

    def snowflake(self):
        pats = self.star()
        ents = self.vars_of("ent")
        for y in self.r.sample(ents, min(len(ents), 2)):
            pats += [self.prop(y, allow_var_pred=False) for _ in range(self.r.randint(1, 2))]
        return pats

    def cycle(self):
        n = self.r.randint(2, 4)
        xs = [self.fresh("x") for _ in range(n)]
        for x in xs:
            self.bind(x, "ent")
        # Cycles are rare in the random relations: one of any relation (?p) keeps some answers.
        pats = []
        for i in range(n):
            p = self.rel() if i < n - 1 else self.fresh("p")
            if p.startswith("?"):
                self.bind(p, "pred")
            pats.append(f"{xs[i]} {p} {xs[(i + 1) % n]} .")
        return pats

    def path(self):
        """Property paths. Closures (+, *) over the random relations start from a constant:
        those relations form one giant component at 1M quads, so an unbound closure is
        quadratic. Unbound closures walk the alliance cycles of <gen:alliances> only."""
        r = self.r.random()
        x, y = self.fresh("x"), self.fresh("y")
        self.bind(x, "ent")
        self.bind(y, "ent")
        if r < 0.2:
            op = self.r.choice(["+", "*", "?"])
            start = self.ally_ent()
            inner = self.r.choice([f":allyOf{op}", f"^:allyOf{op}", f"(:allyOf|^:allyOf){op}",
                                   f"(:allyOf/:allyOf){op}"])
            del self.kinds[x]
            return [f"GRAPH :alliances {{ {start} {inner} {y} }}"]
        if r < 0.3:
            op = self.r.choice(["+", "/:allyOf", "/^:allyOf", "/:allyOf?"])
            return [f"GRAPH :alliances {{ {x} :allyOf{op} {y} }}"]
        if r < 0.42:
            # Members of an alliance and whom their alliance reaches.
            op = self.r.choice(["+", "*", "?", ""])
            members = max(self.entities // 16, 1)
            m1 = self.entities // 2 + self.r.randrange(members)
            m2 = self.entities // 2 + self.r.randrange(members)
            return [f"GRAPH :alliances {{ {x} :memberOf/:allyOf{op} {y} }}",
                    f"FILTER({x} = :e{m1} || {x} = :e{m2})"]
        if r < 0.55:
            # The class hierarchy: types climbed through <gen:ontology> in the union graph.
            del self.kinds[y]
            sup = self.r.choice(SUPERCLASSES + CLASSES)
            op = self.r.choice(["*", "+", "?", "/rdfs:subClassOf"])
            pats = [f"{x} rdf:type/rdfs:subClassOf{op} :{sup} ."]
            pats.append(self.prop(x, allow_var_pred=False))
            return pats
        if r < 0.75:
            op = self.r.choice(["+", "*"])
            rels = "|".join(":" + p for p in self.r.sample(RELATIONS, self.r.randint(1, 3)))
            inv = "^" if self.chance(0.3) else ""
            del self.kinds[x]
            start = self.subject_of(rels.split("|")[0]) if not inv else self.ent()
            return [f"{start} {inv}({rels}){op} {y} ."]
        # Fixed-length paths: sequences, inverses, optional steps, alternatives. An alternative
        # stands under ? here (or under + and * above), never bare: SPARQL 1.1 evaluates
        # (:a|:b) as the Union of both, keeping a pair that both match twice, as Annals does;
        # Oxigraph drops the duplicate (its pull request 351). ZeroOrOnePath is a set in both.
        steps = []
        for i in range(self.r.randint(1, 3)):
            a = self.rel()
            s = self.r.random()
            if s < 0.25:
                a = f"^{a}"
            elif s < 0.45 and i > 0:
                a = f"({a}|{self.rel()})?"
            elif s < 0.55:
                a = f"{a}?"
            steps.append(a)
        path = "/".join(steps)
        if path.endswith("?") and len(steps) == 1:
            # ?x :p? ?y with both ends free pairs every term of the graph with itself (the
            # zero-length half): allowed, but from a constant, to keep the answer small.
            del self.kinds[x]
            return [f"{self.ent()} {path} {y} ."]
        if all(a.endswith("?") for a in steps):
            # Every step optional: the zero-length match pairs each term of the graph with
            # itself, literals too, which no ORDER BY or MIN/MAX may then sort.
            self.bind(x, "any")
            self.bind(y, "any")
        return [f"{x} {path} {y} ."]

    def graph_pattern(self):
        """Triples inside GRAPH ?g: facts of one source, the graph variable projected."""
        g = self.fresh("g")
        x = self.fresh("x")
        self.bind(x, "ent")
        inner = [self.prop(x, allow_var_pred=False) for _ in range(self.r.randint(1, 3))]
        if self.chance(0.3):
            # One source holds about 200 quads: one or two facts of an entity in it.
            inner = inner[:2]
            source = f"<https://annals.dev/gen/source/{self.r.randrange(self.sources)}>"
            return [f"GRAPH {source} {{ {' '.join(inner)} }}"]
        self.bind(g, "graph")
        return [f"GRAPH {g} {{ {' '.join(inner)} }}"]

    # --- expressions ----------------------------------------------------------------------
    def filter_on(self, v, kind):
        r = self.r
        if kind == "int":
            k = r.randrange(5000)
            return r.choice([
                f"{v} > {k}", f"{v} < {k}", f"{v} >= {k} && {v} <= {k + r.randrange(2000)}",
                f"{v} * 2 + 1 > {k}", f"ABS({v} - {k}) < 500",
                f"{v} IN ({k}, {r.randrange(5000)}, 0)",
                f"{v} / 7 > {k // 7}", f"xsd:decimal({v}) > {k}.5", f"{v} != {k}",
                f"xsd:double({v}) >= {k}e0", f"FLOOR({v} / 100) = {k // 100}",
            ])
        if kind == "date":
            y = 1995 + r.randrange(31)
            return r.choice([
                f'{v} >= "{y}-0{r.randint(1, 9)}-15"^^xsd:date',
                f'{v} < "{y}-12-31"^^xsd:date',
                f"YEAR({v}) = {y}", f"MONTH({v}) IN ({r.randint(1, 12)}, {r.randint(1, 12)})",
                f"YEAR({v}) >= {y} && DAY({v}) < 10",
                f'STR({v}) < "{y}"', f'STRSTARTS(STR({v}), "{y}-0")',
                f'{v} = "{y}-0{r.randint(1, 9)}-1{r.randint(0, 9)}"^^xsd:date',
            ])
        if kind == "label":
            n = r.randrange(self.entities)
            return r.choice([
                f'CONTAINS({v}, "{n % 100}")', f'STRSTARTS(STR({v}), "Entity {n % 10}")',
                f'REGEX({v}, "^Entity {n % 10}[0-9]$")', f'STRENDS({v}, "{n % 10}")',
                f'LANG({v}) = "en"', f'LANGMATCHES(LANG({v}), "EN")',
                f'STRLEN({v}) = {r.randint(8, 12)}', f'CONTAINS(LCASE({v}), "entity 1")',
                f'UCASE(STR({v})) = "ENTITY {n}"', f'{v} = "Entity {n}"@en',
                f'SUBSTR({v}, 8, 1) = "{n % 10}"', f'REGEX(STR({v}), "y [0-9]*{n % 10}$", "i")',
            ])
        if kind == "ent":
            return r.choice([
                f'STRSTARTS(STR({v}), "https://annals.dev/gen/e{r.randrange(10)}")',
                f"isIRI({v})", f"{v} != {self.ent()}", f'CONTAINS(STR({v}), "{r.randrange(10)}")',
                f"{v} IN ({self.ent()}, {self.ent()}, {self.ent()})",
            ])
        if kind == "str":
            return r.choice([f"STRLEN({v}) > {r.randint(1, 6)}", f'{v} = "high"',
                             f'{v} < "{r.randint(1, 9)}"', f'CONTAINS({v}, "{r.randint(0, 9)}")'])
        if kind == "dec":
            return r.choice([f"{v} > {r.randint(0, 2000)}.5", f"{v} <= {r.randint(0, 1500)}"])
        if kind == "count":
            return f"{v} {r.choice(['>', '<', '=', '>='])} {r.randint(1, 4)}"
        if kind == "class":
            return r.choice([f"{v} = :{r.choice(CLASSES)}", f"{v} != :{r.choice(CLASSES)}",
                             f'STRENDS(STR({v}), "{r.choice("eny")}")'])
        if kind == "graph":
            return f'STRSTARTS(STR({v}), "https://annals.dev/gen/source/{r.randrange(10)}")'
        if kind == "pred":
            return r.choice([f"{v} = {self.rel()}", f"{v} IN ({self.rel()}, {self.rel()})",
                             f"{v} != {self.rel()}"])
        return "true"

    def filter(self):
        cands = [(v, k) for v, k in self.kinds.items() if v not in self.optional]
        if not cands:
            return None
        v, k = self.r.choice(cands)
        f = self.filter_on(v, k)
        if self.chance(0.2) and len(cands) > 1:
            v2, k2 = self.r.choice(cands)
            f = f"({f}) {self.r.choice(['||', '&&'])} ({self.filter_on(v2, k2)})"
        if self.chance(0.1):
            f = f"!({f})"
        return f"FILTER({f})"

    def bind_expr(self):
        """A BIND of a computed value, as a new variable of a kind later parts can use."""
        ints = self.vars_of("int")
        dates = self.vars_of("date")
        labels = self.vars_of("label")
        ents = self.vars_of("ent")
        opts = []
        if ints:
            v = self.r.choice(ints)
            opts += [(f"{v} * 3 - 7", "int"), (f"{v} + 0.5", "dec"), (f"{v} / 4", "dec"),
                     (f"IF({v} > 2500, \"high\", \"low\")", "str"), (f"STR({v})", "str"),
                     (f"ROUND({v} / 3)", "dec"), (f"CEIL({v} / 9)", "dec"),
                     (f"COALESCE({v}, -1)", "int")]
        if dates:
            v = self.r.choice(dates)
            opts += [(f"YEAR({v})", "int"), (f"SUBSTR(STR({v}), 1, 7)", "str"),
                     (f"CONCAT(STR(MONTH({v})), \"/\", STR(YEAR({v})))", "str")]
        if labels:
            v = self.r.choice(labels)
            opts += [(f"STRLEN({v})", "int"), (f"UCASE({v})", "label"),
                     (f"STRAFTER(STR({v}), \"Entity \")", "str"),
                     (f"xsd:integer(STRAFTER(STR({v}), \" \"))", "int"),
                     (f"REPLACE(STR({v}), \"Entity\", \"E\")", "str"), (f"LANG({v})", "str")]
        if ents:
            v = self.r.choice(ents)
            opts += [(f"STR({v})", "str"), (f"STRAFTER(STR({v}), \"gen/\")", "str"),
                     (f"IRI(CONCAT(STR({v}), \"-x\"))", "iri"), (f"isIRI({v})", "bool")]
        if ints:
            v = self.r.choice(ints)
            # ?v / (?v - ?v) divides by zero: an error, so an unbound variable.
            opts += [(f"xsd:double({v}) / 8", "dec"), (f"{v} / ({v} - {v})", "dec"),
                     (f"ROUND({v} / 10 - 0.5)", "dec"), (f"xsd:string({v})", "str"),
                     (f"STRDT(STR({v}), xsd:integer)", "int"), (f"isNumeric({v})", "bool"),
                     (f"DATATYPE({v})", "iri"), (f"IF({v} > 100, {v}, \"small\")", "any"),
                     (f"{v} + 1.5e0", "dec"), (f"-{v}", "int"), (f"MD5(STR({v}))", "str")]
        if dates:
            v = self.r.choice(dates)
            opts += [(f"DAY({v}) + MONTH({v})", "int"),
                     (f"xsd:dateTime(CONCAT(STR({v}), \"T00:00:00\"))", "any"),
                     (f"DATATYPE({v})", "iri"), (f"STRBEFORE(STR({v}), \"-\")", "str")]
        if labels:
            v = self.r.choice(labels)
            opts += [(f"CONCAT({v}, \" x\")", "label"), (f"STRLANG(STR({v}), \"fr\")", "label"),
                     (f"SUBSTR({v}, 2, 3)", "label"), (f"ENCODE_FOR_URI(STR({v}))", "str"),
                     # The text \\d: a backslash escaped for the SPARQL string (the regex \d).
                     (f"REPLACE(STR({v}), \"(\\\\d)(\\\\d)\", \"$2$1\")", "str"),
                     (f"STRBEFORE({v}, \" \")", "label"), (f"CONCAT({v}, \"!\")", "str"),
                     (f"COALESCE(xsd:integer(STR({v})), 0)", "int"), (f"SHA1(STR({v}))", "str")]
        if not opts:
            return None
        expr, kind = self.r.choice(opts)
        b = self.fresh("b")
        self.bind(b, kind)
        return f"BIND({expr} AS {b})"

    # --- operators around the core ---------------------------------------------------------
    def optional_block(self):
        ents = self.vars_of("ent")
        if not ents:
            return None
        x = self.r.choice(ents)
        outer_ints = self.vars_of("int")
        inner = [self.prop(x, optional=True, allow_var_pred=False)]
        bound_here = [v for v in self.optional if v in inner[0].split()]
        if bound_here and self.kinds[bound_here[0]] == "ent" and self.chance(0.3):
            # Two patterns inside: a step further from what the first binds.
            inner.append(self.prop(bound_here[0], optional=True, allow_var_pred=False))
        if bound_here and self.chance(0.3):
            # A filter inside OPTIONAL on the variable it binds (the left join's condition).
            v = bound_here[0]
            inner.append(self.filter_on(v, self.kinds[v]).join(["FILTER(", ")"]))
        elif bound_here and self.kinds[bound_here[0]] == "int" and outer_ints and self.chance(0.5):
            # ...or comparing it with a variable of the outer pattern (in scope there).
            inner.append(f"FILTER({bound_here[0]} < {self.r.choice(outer_ints)})")
        block = f"OPTIONAL {{ {' '.join(inner)} }}"
        if bound_here and self.chance(0.25):
            # Bound or not after the left join: the classic negation by OPTIONAL.
            neg = "!" if self.chance(0.6) else ""
            block += f" FILTER({neg}BOUND({bound_here[0]}))"
        return block

    def union_block(self):
        ents = self.vars_of("ent")
        if not ents:
            return None
        x = self.r.choice(ents)
        # Both branches bind the same fresh variable, so later parts may use it (as optional:
        # only one branch may bind the others).
        if self.chance(0.25):
            # Branches binding different variables: each is unbound in the other's rows.
            u, w = self.fresh("u"), self.fresh("f")
            self.bind(u, "ent", optional=True)
            self.bind(w, "int", optional=True)
            return f"{{ {x} {self.rel()} {u} . }} UNION {{ {x} :fatalities {w} . }}"
        y = self.fresh("u")
        a, b = self.rel(), self.rel()
        left = f"{x} {a} {y} ."
        right = self.r.choice([f"{y} {b} {x} .", f"{x} {b} {y} .",
                               f"{x} {b} {y} . {y} rdf:type :{self.r.choice(CLASSES)} ."])
        self.bind(y, "ent")
        return f"{{ {left} }} UNION {{ {right} }}"

    def minus_block(self):
        ents = self.vars_of("ent")
        if not ents:
            return None
        x = self.r.choice(ents)
        if self.chance(0.1):
            return f"MINUS {{ ?m{self.counter} :fatalities ?mf{self.counter} . }}"  # shares nothing
        return self.r.choice([f"MINUS {{ {x} {self.rel()} ?m{self.counter} . }}",
                              f"MINUS {{ {x} rdf:type :{self.r.choice(CLASSES)} . }}",
                              f"MINUS {{ {x} :fatalities ?mf{self.counter} . "
                              f"FILTER(?mf{self.counter} > {self.r.randrange(5000)}) }}"])

    def exists_block(self):
        ents = self.vars_of("ent")
        if not ents:
            return None
        x = self.r.choice(ents)
        neg = "NOT " if self.chance(0.6) else ""
        inner = self.r.choice([f"{x} {self.rel()} ?n{self.counter} .",
                               f"?n{self.counter} {self.rel()} {x} .",
                               f"{x} :fatalities ?n{self.counter} . "
                               f"FILTER(?n{self.counter} < {self.r.randrange(5000)})",
                               f"GRAPH ?ng{self.counter} {{ {x} rdfs:label ?n{self.counter} }}"])
        return f"FILTER {neg}EXISTS {{ {inner} }}"

    def values_block(self):
        ents = self.vars_of("ent")
        if ents and self.chance(0.7):
            x = self.r.choice(ents)
            vals = " ".join(self.ent() for _ in range(self.r.randint(1, 40)))
            if x not in self.optional and self.chance(0.2):
                vals += " UNDEF"
            return f"VALUES {x} {{ {vals} }}"
        labels = self.vars_of("label")
        if ents and labels and self.chance(0.4):
            # Two variables at once, UNDEF in either.
            x, l = self.r.choice(ents), self.r.choice(labels)
            rows = []
            for _ in range(self.r.randint(1, 20)):
                n = self.r.randrange(self.entities)
                e = f":e{n}" if self.chance(0.85) else "UNDEF"
                lab = f'"Entity {n}"@en' if self.chance(0.8) else "UNDEF"
                rows.append(f"({e} {lab})")
            return f"VALUES ({x} {l}) {{ {' '.join(rows)} }}"
        ints = self.vars_of("int")
        if ints:
            x = self.r.choice(ints)
            vals = " ".join(str(self.r.randrange(5000)) for _ in range(self.r.randint(5, 300)))
            return f"VALUES {x} {{ {vals} }}"
        return None

    # --- whole queries ----------------------------------------------------------------------
    def where(self):
        """The group graph pattern of a query: a core shape and 0-3 operators around it."""
        self.kinds, self.optional = {}, set()
        shape = self.r.choices(["star", "chain", "snowflake", "cycle", "path", "graph"],
                               [3, 3, 2, 1, 3, 2])[0]
        parts = getattr(self, {"graph": "graph_pattern"}.get(shape, shape))()
        tags = [shape]
        ops = ["filter", "optional", "union", "minus", "exists", "bind", "values"]
        for _ in range(self.r.choices([0, 1, 2, 3], [2, 4, 3, 1])[0]):
            op = self.r.choice(ops)
            part = getattr(self, {"filter": "filter", "optional": "optional_block",
                                  "union": "union_block", "minus": "minus_block",
                                  "exists": "exists_block", "bind": "bind_expr",
                                  "values": "values_block"}[op])()
            if part is None:
                continue
            tags.append(op)
            binds = [i for i, p in enumerate(parts) if p.startswith("BIND(")]
            if op == "union" and binds:
                # A UNION goes before the BINDs (the same answers: its variables are new and a
                # BIND's expression reads only variables bound before it): Oxigraph joins a
                # UNION that follows a BIND as a cross product, 20-40 s at 10k quads.
                parts.insert(binds[0], part)
            else:
                parts.append(part)
        if not self.kinds:
            # Everything constant (a path from a fixed entity to a fixed one): bind something.
            x = self.fresh("x")
            self.bind(x, "ent")
            parts.append(f"{x} rdf:type :{self.r.choice(CLASSES)} . "
                         f"FILTER(STRENDS(STR({x}), \"7\"))")
        return parts, tags

    def projectable(self):
        return list(self.kinds)

    def select(self, parts, tags):
        r = self.r
        vars_ = self.projectable()
        proj = r.sample(vars_, r.randint(1, min(len(vars_), 4)))
        body = "\n  ".join(parts)
        distinct = "DISTINCT " if self.chance(0.3) else ""
        if self.chance(0.3) and all(self.kinds[v] != "any" for v in proj):
            # ORDER BY every projected variable (a total order: ties are equal rows), with or
            # without LIMIT/OFFSET: the order is then part of the answer.
            keys = " ".join(v if self.chance(0.6) else f"DESC({v})" for v in proj)
            lim = f"\nLIMIT {r.randint(1, 50)}" if self.chance(0.7) else ""
            off = f" OFFSET {r.randint(1, 10)}" if lim and self.chance(0.3) else ""
            return (f"SELECT {distinct}{' '.join(proj)} WHERE {{\n  {body}\n}}\n"
                    f"ORDER BY {keys}{lim}{off}",
                    True, tags + ["order"])
        if self.chance(0.1):
            return f"SELECT * WHERE {{\n  {body}\n}}", False, tags
        return f"SELECT {distinct}{' '.join(proj)} WHERE {{\n  {body}\n}}", False, tags

    def aggregate(self, parts, tags):
        r = self.r
        vars_ = self.projectable()
        groups = r.sample(vars_, r.randint(0, min(2, len(vars_))))
        aggs = []
        others = [v for v in vars_ if v not in groups]
        # SUM, AVG, MIN, MAX and GROUP_CONCAT of a variable bound in every row only: Oxigraph
        # takes an unbound value as an error that makes the aggregate unbound, Annals (as Jena)
        # leaves it out; SPARQL 1.1's Aggregation leaves this open (the errata discuss it).
        certain = [v for v in others if v not in self.optional and self.kinds[v] != "any"]
        nums = [v for v in certain if self.kinds[v] in ("int", "dec")]
        # GROUP_CONCAT writes each value's lexical form: that of a computed decimal is the
        # implementation's ("1088.0" in Annals, "1088" in Oxigraph, the same value).
        texts = [v for v in certain if self.kinds[v] != "dec"]
        for i in range(r.randint(1, 3)):
            kind = r.choice(["COUNT*", "COUNT", "COUNTD", "SUM", "AVG", "MIN", "MAX", "GC",
                             "SAMPLE"])
            a = f"?a{i}"
            if kind == "COUNT*":
                aggs.append(f"(COUNT(*) AS {a})")
            elif kind in ("COUNT", "COUNTD") and others:
                d = "DISTINCT " if kind == "COUNTD" else ""
                aggs.append(f"(COUNT({d}{r.choice(others)}) AS {a})")
            elif kind in ("SUM", "AVG") and nums:
                d = "DISTINCT " if self.chance(0.2) else ""
                v = r.choice(nums)
                if self.chance(0.3):
                    v = r.choice([f"{v} * 2", f"{v} / 3", f"ABS({v} - 2500)"])
                aggs.append(f"({kind}({d}{v}) AS {a})")
            elif kind in ("MIN", "MAX") and certain:
                # MIN/MAX over one kind of value (SPARQL orders IRIs, numbers, dates each among
                # themselves; across kinds the order is the implementation's).
                v = r.choice(certain)
                if self.kinds[v] == "label" and self.chance(0.5):
                    v = f"STRLEN({v})"
                elif self.kinds[v] == "date" and self.chance(0.5):
                    v = f"YEAR({v})"
                aggs.append(f"({kind}({v}) AS {a})")
            elif kind == "GC" and texts:
                v = r.choice(texts)
                d = "DISTINCT " if self.chance(0.5) else ""
                aggs.append(f"(GROUP_CONCAT({d}STR({v}); SEPARATOR=\"{GC_SEPARATOR}\") AS ?gc{i})")
            elif kind == "SAMPLE" and groups:
                # SAMPLE picks any value of the group: only of a group variable (one value).
                aggs.append(f"(SAMPLE({r.choice(groups)}) AS {a})")
            else:
                aggs.append(f"(COUNT(*) AS {a})")
        body = "\n  ".join(parts)
        group = f"\nGROUP BY {' '.join(groups)}" if groups else ""
        dates = [v for v in certain if self.kinds[v] == "date"]
        if dates and self.chance(0.3):
            # A group key computed per row: the year of a date.
            groups = groups + ["?year"]
            group = f"\nGROUP BY {' '.join(groups[:-1])} (YEAR({r.choice(dates)}) AS ?year)"
        having = ""
        if groups and self.chance(0.3):
            having = f"\nHAVING (COUNT(*) > {r.randint(1, 3)})"
        elif groups and nums and self.chance(0.2):
            having = f"\nHAVING (SUM({r.choice(nums)}) > {r.randrange(8000)})"
        proj = " ".join(groups + aggs)
        q = f"SELECT {proj} WHERE {{\n  {body}\n}}{group}{having}"
        if groups and self.chance(0.3):
            q += f"\nORDER BY {' '.join(groups)}"
            return q, True, tags + ["group", "order"]
        return q, False, tags + ["group"]

    def subquery(self, parts, tags):
        """An inner SELECT (grouped, or ordered and limited) joined with an outer pattern."""
        r = self.r
        ents = self.vars_of("ent")
        if not ents:
            return self.select(parts, tags)
        x = r.choice(ents)
        body = "\n    ".join(parts)
        if self.chance(0.5):
            inner = f"SELECT {x} (COUNT(*) AS ?cnt) WHERE {{\n    {body}\n  }} GROUP BY {x}"
            outer_kinds = {x: "ent", "?cnt": "count"}
        else:
            inner = (f"SELECT DISTINCT {x} WHERE {{\n    {body}\n  }} ORDER BY {x} "
                     f"LIMIT {r.randint(1, 30)}")
            outer_kinds = {x: "ent"}
        self.kinds, self.optional = dict(outer_kinds), set()
        outer = [self.prop(x, allow_var_pred=False)]
        if self.chance(0.5):
            f = self.filter()
            if f:
                outer.append(f)
        proj = " ".join(self.kinds)
        return (f"SELECT {proj} WHERE {{\n  {{ {inner} }}\n  {' '.join(outer)}\n}}", False,
                tags + ["subquery"])

    def query(self):
        self.counter = 0
        parts, tags = self.where()
        form = self.r.choices(["select", "aggregate", "subquery", "ask"], [6, 3, 1, 0.5])[0]
        if form == "ask":
            return Query(PREFIXES + "ASK {\n  " + "\n  ".join(parts) + "\n}", False,
                         "+".join(tags + ["ask"]))
        text, ordered, tags = getattr(self, form)(parts, tags)
        return Query(PREFIXES + text, ordered, "+".join(tags))


def sample_edges(data_path, lines=50000):
    """relation name -> subjects of its edges, from the first lines of the data file."""
    edges = {}
    prefix = "<https://annals.dev/gen/e"
    with open(data_path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= lines:
                break
            parts = line.split(" ")
            if parts[0].startswith(prefix) and parts[2].startswith(prefix):
                rel = parts[1][len("<https://annals.dev/gen/"):-1]
                edges.setdefault(rel, []).append(int(parts[0][len(prefix):-1]))
    return edges


def generate(seed, count, quads, data_path=None):
    """`count` queries from `seed` for data of `quads` random quads (annals_gen's first
    argument), with constants taken from the data file where given: the same arguments always
    give the same queries."""
    g = Gen(random.Random(seed), quads, sample_edges(data_path) if data_path else {})
    return [g.query() for _ in range(count)]


# --- the temporal clauses against their FILTER forms (Annals only) ---------------------------
# annals_gen --dated writes the same facts twice: annotated with their valid time (the clause's
# store) and reified with ex:from/ex:to dates (open bounds as 0001-01-01 and 9999-12-31), so
# that `VALID DURING a b` is, on the reified store, FILTER(?from < end of b && ?to > start of
# a) for every dated pattern; undated facts (labels, types) are valid at all times and take no
# FILTER. A triple may carry several valid times (facts), one reifier each: both forms project
# DISTINCT rows, or count them.
EVENTS = ["visited", "attacked", "negotiatedWith", "sanctioned", "metWith"]
PERIODS = ["memberOf", "allyOf", "recognises", "ledBy"]
TEMPORAL_PREFIXES = """PREFIX ex: <https://annals.dev/gen/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def _period(r):
    """A random date at year, month or day precision: (its text, first day, day after)."""
    import datetime
    y = r.randint(1995, 2025)
    p = r.random()
    if p < 0.3:
        return str(y), datetime.date(y, 1, 1), datetime.date(y + 1, 1, 1)
    m = r.randint(1, 12)
    if p < 0.7:
        nxt = datetime.date(y + (m == 12), m % 12 + 1, 1)
        return f"{y}-{m:02d}", datetime.date(y, m, 1), nxt
    d = datetime.date(y, m, r.randint(1, 28))
    return d.isoformat(), d, d + datetime.timedelta(days=1)


def temporal_pair(r, facts):
    """(clause query, FILTER query, shape) asking the same question."""
    entities = facts // 8 + 10
    a, b = _period(r), _period(r)
    if a[1] > b[1]:
        a, b = b, a
    at = r.random() < 0.4
    if at:
        b = a
    clause = f'VALID AT "{a[0]}"' if at else f'VALID DURING "{a[0]}" "{b[0]}"'
    start, end = a[1].isoformat(), b[2].isoformat()
    preds = [r.choice(EVENTS + PERIODS) for _ in range(r.choice([1, 1, 1, 2]))]
    # Dated patterns: a chain ?v0 p1 ?v1 p2 ?v2, or from a constant.
    vs = [f"?v{i}" for i in range(len(preds) + 1)]
    if r.random() < 0.2:
        vs[0] = f"ex:e{r.randrange(entities)}"
    plain, reified = [], []
    for i, p in enumerate(preds):
        plain.append(f"{vs[i]} ex:{p} {vs[i + 1]} .")
        reified.append(f"?r{i} rdf:subject {vs[i]} ; rdf:predicate ex:{p} ; "
                       f"rdf:object {vs[i + 1]} ;"
                       f' ex:from ?from{i} ; ex:to ?to{i} .\n  FILTER(?from{i} < "{end}"^^xsd:date'
                       f' && ?to{i} > "{start}"^^xsd:date)')
    undated = []
    if r.random() < 0.3:
        undated.append(f"?v{len(preds)} rdfs:label ?l .")
    if r.random() < 0.3:
        undated.append(f"?v{len(preds)} a ex:{r.choice(CLASSES)} .")
    names = [v for v in vs if v.startswith("?")]
    if any("?l" in u for u in undated):
        names.append("?l")
    shape = "+".join(["at" if at else "during"] + preds + (["undated"] if undated else []))
    body_c = "\n  ".join(plain + undated)
    body_f = "\n  ".join(reified + undated)
    if r.random() < 0.3:
        def form(body):
            return (f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT {' '.join(names)}"
                    f" WHERE {{\n  {body}\n}} }}")
        shape += "+count"
    else:
        def form(body):
            return f"SELECT DISTINCT {' '.join(names)} WHERE {{\n  {body}\n}}"
    return (TEMPORAL_PREFIXES + form(body_c) + f"\n{clause}", TEMPORAL_PREFIXES + form(body_f),
            shape)


def generate_temporal(seed, count, facts):
    r = random.Random(seed)
    return [temporal_pair(r, facts) for _ in range(count)]
