// Turtle and TriG out, written for people (RDF 1.2 Turtle and TriG): prefixes and a base at
// the top, consecutive statements about one subject grouped with ';' and ',', bare numbers
// and booleans, long strings, annotations "{| |}" and TriG graph blocks. Streaming: only the
// open statement is remembered, never the graph.
#include "turtle_writer.hpp"

#include <algorithm>
#include <string_view>

#include "annals/iri.hpp"
#include "syntax/lexical.hpp"
#include "syntax/names.hpp"

namespace annals {

namespace {

// Annotation blocks nest one level per reifier; deeper chains are written as plain
// statements, so the memory kept stays small whatever the input.
constexpr std::size_t kMaxDepth = 8;
constexpr std::string_view kIndent = "    ";

void append_hex_byte(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 0xF]);
}

// A label that is not a valid BLANK_NODE_LABEL, or that could be mistaken for one made here,
// becomes "u_" and its bytes, letters and digits as they are and others as "_XX": one to
// one, so the same node keeps one label without a table.
void append_blank(std::string& out, const std::string& label) {
  out.append("_:");
  if (lex::is_blank_node_label(label) && !label.starts_with("u_")) {
    out.append(label);
    return;
  }
  out.append("u_");
  for (char ch : label) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80 && (lex::is_alpha(ch) || lex::is_digit(ch))) {
      out.push_back(ch);
    } else {
      out.push_back('_');
      append_hex_byte(out, c);
    }
  }
}

// Turtle [25] STRING_LITERAL_LONG_QUOTE: line ends stay as they are. A '"' is escaped when
// two raw ones precede it (three would end the string) and in a run that reaches the end
// (it would merge with the closing quotes); '\' and other control characters as ECHAR/UCHAR.
void append_long_string(std::string& out, std::string_view v) {
  out.append("\"\"\"");
  int raw_quotes = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (c == '"') {
      const bool run_to_end = v.find_first_not_of('"', i) == std::string_view::npos;
      if (run_to_end || raw_quotes == 2) {
        out.append("\\\"");
        raw_quotes = 0;
      } else {
        out.push_back('"');
        ++raw_quotes;
      }
      continue;
    }
    raw_quotes = 0;
    auto u = static_cast<unsigned char>(c);
    if (c == '\\') {
      out.append("\\\\");
    } else if (c == '\n' || c == '\t') {
      out.push_back(c);
    } else if (c == '\r') {
      out.append("\\r");
    } else if (c == '\b') {
      out.append("\\b");
    } else if (c == '\f') {
      out.append("\\f");
    } else if (u < 0x20 || u == 0x7F) {
      out.append("\\u00");
      append_hex_byte(out, u);
    } else {
      out.push_back(c);
    }
  }
  out.append("\"\"\"");
}

// An IRI the readers give back unchanged: absolute (a relative one would be resolved against
// the base) and without the characters IRIREF [18] leaves out, which no escape may stand for.
bool valid_iri(const Term& t) { return t.is_iri() && valid_absolute_iri(t.value); }

// LANG_DIR [144s] as the readers take it (lex::valid_language_tag, lex::valid_direction).
bool valid_language(const Term& t) {
  if (t.datatype != kRdfLangString && t.datatype != kRdfDirLangString) return true;
  const bool directional = t.datatype == kRdfDirLangString;
  if (directional ? !lex::valid_direction(t.direction) : !t.direction.empty()) return false;
  return lex::valid_language_tag(t.language);
}

// What Turtle can hold where: subjects are IRIs or blank nodes, predicates IRIs, objects
// anything, triple terms nest with the same rules (RDF 1.2 Concepts §3.1).
bool valid_resource(const Term& t) { return valid_iri(t) || t.is_blank(); }
bool valid_predicate(const Term& t) { return valid_iri(t); }
bool valid_object(const Term& t) {
  if (t.is_triple()) {
    return t.triple && valid_resource(t.triple->subject) &&
           valid_predicate(t.triple->predicate) && valid_object(t.triple->object);
  }
  if (t.is_literal()) {
    return valid_language(t) && (t.datatype.empty() || valid_absolute_iri(t.datatype));
  }
  return valid_resource(t);
}

// The reader resolves a relative namespace IRI against the base, so only absolute ones come
// back as they were given.
Status check_prefix(const Prefix& p) {
  if (!lex::is_pn_prefix(p.name)) {
    return Status::invalid_input("'" + p.name + "' is not a valid prefix name");
  }
  if (!valid_absolute_iri(p.iri)) {
    return Status::invalid_input("the namespace IRI <" + p.iri + "> is not an absolute IRI");
  }
  return Status::ok();
}

}  // namespace

TurtleWriter::TurtleWriter(std::ostream& out, bool trig, WriterOptions options)
    : out_(out), trig_(trig), base_(std::move(options.base)) {
  if (!base_.empty() && !valid_absolute_iri(base_)) {
    pending_ = Status::invalid_input("the base IRI <" + base_ + "> is not an absolute IRI");
  }
  for (Prefix& p : options.prefixes) {
    // Prefixes often come from data (a store's table, a file's directives): one that cannot
    // be declared only costs the IRIs under it their short form.
    if (!check_prefix(p)) continue;
    if (Prefix* known = find_prefix(p.name)) {
      known->iri = std::move(p.iri);
    } else {
      prefixes_.push_back(std::move(p));
    }
  }
}

Prefix* TurtleWriter::find_prefix(const std::string& name) {
  for (Prefix& p : prefixes_) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

Status TurtleWriter::add_prefix(const Prefix& prefix) {
  if (!pending_) return pending_;
  if (Status st = check_prefix(prefix); !st) return st;
  Prefix* known = find_prefix(prefix.name);
  if (known && known->iri == prefix.iri) return Status::ok();
  if (known) {
    known->iri = prefix.iri;
  } else {
    prefixes_.push_back(prefix);
  }
  // Before anything is written the prefix simply joins the header.
  if (!header_written_) return Status::ok();
  // Directives stand between statements and outside graph blocks (TriG [3g]).
  end_statement();
  close_block();
  if (wrote_) buf_.push_back('\n');
  append_prefix_line(prefix);
  blank_line_ = true;
  return flush();
}

Status TurtleWriter::write(const Quad& quad, std::span<const Annotation> annotations) {
  if (!pending_) return pending_;
  const std::string_view format = trig_ ? "TriG" : "Turtle";
  if (!quad.graph.is_default_graph() && !trig_) {
    return Status::invalid_input("Turtle cannot hold a quad in a named graph");
  }
  bool ok = valid_resource(quad.subject) && valid_predicate(quad.predicate) &&
            valid_object(quad.object) &&
            (quad.graph.is_default_graph() || valid_resource(quad.graph));
  for (const Annotation& a : annotations) {
    ok = ok && valid_predicate(a.predicate) && valid_object(a.object);
  }
  if (!ok) {
    return Status::invalid_input(std::string(format) + " cannot hold the statement " +
                                 to_ntriples(quad.subject) + ' ' + to_ntriples(quad.predicate) +
                                 ' ' + to_ntriples(quad.object));
  }
  ensure_header();
  place(quad);
  if (!annotations.empty()) append_annotations(annotations);
  return flush();
}

Status TurtleWriter::finish() {
  if (!pending_) return pending_;
  ensure_header();
  end_statement();
  close_block();
  Status st = flush();
  out_.flush();
  if (!out_) return Status::io_error("write failed");
  return st;
}

Status TurtleWriter::flush() {
  out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
  if (!out_) return Status::io_error("write failed");
  return Status::ok();
}

void TurtleWriter::ensure_header() {
  if (header_written_) return;
  header_written_ = true;
  if (!base_.empty()) {
    buf_.append("@base ");
    buf_.append(to_ntriples(Term::iri(base_)));
    buf_.append(" .\n");
  }
  for (const Prefix& p : prefixes_) append_prefix_line(p);
  wrote_ = !buf_.empty();
  blank_line_ = wrote_;
}

void TurtleWriter::append_prefix_line(const Prefix& prefix) {
  buf_.append("@prefix ");
  buf_.append(prefix.name);
  buf_.append(": ");
  buf_.append(to_ntriples(Term::iri(prefix.iri)));
  buf_.append(" .\n");
}

// Continues the open statement when the quad belongs to it, innermost frame first: " ~ r"
// when it reifies the last triple written, "{| ..." when its subject is that reifier, ", o"
// or " ; p o" for the same subject. Frames that cannot take it are closed on the way out.
bool TurtleWriter::continue_open(const Quad& quad) {
  if (frames_.empty() || !(quad.graph == graph_)) return false;
  const bool may_nest = frames_.size() < kMaxDepth;
  while (!frames_.empty()) {
    Frame& f = frames_.back();
    const Term& o = quad.object;
    if (may_nest && quad.predicate.value == kRdfReifies && o.is_triple() && o.triple &&
        o.triple->subject == f.subject && o.triple->predicate == f.predicate &&
        o.triple->object == f.object) {
      buf_.append(" ~ ");
      append_term(quad.subject);
      f.reifier = quad.subject;
      return true;
    }
    if (may_nest && f.reifier && quad.subject == *f.reifier) {
      f.reifier.reset();
      buf_.append(" {| ");
      append_verb(quad.predicate);
      buf_.push_back(' ');
      append_term(o);
      frames_.push_back(Frame{quad.subject, quad.predicate, o, std::nullopt});
      return true;
    }
    if (quad.subject == f.subject) {
      if (quad.predicate == f.predicate) {
        buf_.append(", ");
      } else if (frames_.size() == 1) {
        buf_.append(" ;\n");
        if (in_block_) buf_.append(kIndent);
        buf_.append(kIndent);
        append_verb(quad.predicate);
        buf_.push_back(' ');
        f.predicate = quad.predicate;
      } else {
        buf_.append(" ; ");
        append_verb(quad.predicate);
        buf_.push_back(' ');
        f.predicate = quad.predicate;
      }
      append_term(o);
      f.object = o;
      f.reifier.reset();
      return true;
    }
    if (frames_.size() == 1) return false;
    buf_.append(" |}");
    frames_.pop_back();
  }
  return false;
}

void TurtleWriter::place(const Quad& quad) {
  if (continue_open(quad)) return;
  end_statement();
  begin_graph(quad.graph);
  if (in_block_) buf_.append(kIndent);
  append_term(quad.subject);
  buf_.push_back(' ');
  append_verb(quad.predicate);
  buf_.push_back(' ');
  append_term(quad.object);
  frames_.push_back(Frame{quad.subject, quad.predicate, quad.object, std::nullopt});
}

void TurtleWriter::end_statement() {
  if (frames_.empty()) return;
  for (std::size_t i = 1; i < frames_.size(); ++i) buf_.append(" |}");
  buf_.append(" .\n");
  frames_.clear();
}

void TurtleWriter::close_block() {
  if (!in_block_) return;
  buf_.append("}\n");
  in_block_ = false;
  blank_line_ = true;
}

// TriG [7g]: the default graph's statements stand at the top level, a named graph's in a
// block "g {", and consecutive statements of one graph share the block.
void TurtleWriter::begin_graph(const Term& graph) {
  if (in_block_ && !(graph == graph_)) close_block();
  graph_ = graph;
  if (!graph.is_default_graph() && !in_block_) {
    if (wrote_) buf_.push_back('\n');
    append_term(graph);
    buf_.append(" {\n");
    in_block_ = true;
  } else if (blank_line_ && !in_block_) {
    buf_.push_back('\n');
  }
  blank_line_ = false;
  wrote_ = true;
}

// RDF 1.2 Turtle annotationBlock: "{| p o ; ... |}" after the object, about a fresh reifier.
void TurtleWriter::append_annotations(std::span<const Annotation> annotations) {
  buf_.append(" {| ");
  for (std::size_t i = 0; i < annotations.size(); ++i) {
    const Annotation& a = annotations[i];
    if (i > 0 && a.predicate == annotations[i - 1].predicate) {
      buf_.append(", ");
    } else {
      if (i > 0) buf_.append(" ; ");
      append_verb(a.predicate);
      buf_.push_back(' ');
    }
    append_term(a.object);
  }
  buf_.append(" |}");
  // The annotated triple has an anonymous reifier now; a "~ r" after it would name another.
  if (!frames_.empty()) frames_.back().reifier.reset();
}

void TurtleWriter::append_verb(const Term& p) {
  if (p.value == kRdfType) {
    buf_.push_back('a');
  } else {
    append_iri(p.value);
  }
}

void TurtleWriter::append_term(const Term& t) {
  switch (t.kind) {
    case TermKind::kIri: append_iri(t.value); return;
    case TermKind::kBlank: append_blank(buf_, t.value); return;
    case TermKind::kLiteral: append_literal(t); return;
    case TermKind::kTriple:
      buf_.append("<<( ");
      append_term(t.triple->subject);
      buf_.push_back(' ');
      append_verb(t.triple->predicate);
      buf_.push_back(' ');
      append_term(t.triple->object);
      buf_.append(" )>>");
      return;
  }
}

// A prefixed name under the longest namespace that gives a valid local name; else relative
// to the base when that resolves back to the same IRI (RFC 3986 §5.2); else "<iri>".
void TurtleWriter::append_iri(const std::string& iri) {
  const Prefix* best = nullptr;
  std::string name, candidate;
  for (const Prefix& p : prefixes_) {
    if (!iri.starts_with(p.iri) || (best && best->iri.size() >= p.iri.size())) continue;
    candidate.assign(p.name);
    candidate.push_back(':');
    if (!lex::append_pn_local(candidate, std::string_view(iri).substr(p.iri.size()))) continue;
    best = &p;
    name.swap(candidate);
  }
  if (best) {
    buf_.append(name);
    return;
  }
  if (!base_.empty()) {
    // Only a suffix of the base's path ("name", "dir/name", "#frag", "") is tried: other
    // relative forms ("../x", "//host/x") are harder to read and easier to get wrong.
    std::size_t dir = base_.find_last_of('/');
    if (dir != std::string::npos && iri.size() > dir &&
        iri.compare(0, dir + 1, base_, 0, dir + 1) == 0) {
      std::string ref = iri.substr(dir + 1);
      if (!iri_has_scheme(ref) && resolve_iri(base_, ref) == iri) {
        buf_.append(to_ntriples(Term::iri(ref)));
        return;
      }
    }
  }
  buf_.append(to_ntriples(Term::iri(iri)));
}

void TurtleWriter::append_literal(const Term& t) {
  if (lex::is_bare_literal(t)) {
    buf_.append(t.value);
    return;
  }
  if (t.value.find('\n') != std::string::npos) {
    append_long_string(buf_, t.value);
  } else {
    buf_.append(to_ntriples(Term::literal(t.value)));
  }
  if (t.datatype == kRdfLangString || t.datatype == kRdfDirLangString) {
    buf_.push_back('@');
    buf_.append(t.language);
    if (!t.direction.empty()) {
      buf_.append("--");
      buf_.append(t.direction);
    }
  } else if (!t.datatype.empty() && t.datatype != kXsdString) {
    buf_.append("^^");
    append_iri(t.datatype);
  }
}

}  // namespace annals
