// Dated-event tables, CSV (RFC 4180) and TSV: a header row naming the columns, then one fact
// a row (loaders/REPORTS.md). Streaming: one record in memory at a time.
#include <array>
#include <optional>

#include "readers.hpp"
#include "report_terms.hpp"
#include "syntax/lexical.hpp"

namespace annals {

namespace {

using report::TimeField;

// The columns a table may have; subject, predicate and object are required.
enum Column : std::uint8_t {
  kSubject,
  kPredicate,
  kObject,
  kFrom,
  kTo,
  kIn,
  kSource,
  kNote,
  kColumns
};
constexpr std::array<std::string_view, kColumns> kColumnNames = {
    "subject", "predicate", "object", "from", "to", "in", "source", "note"};
constexpr std::string_view kRdfsComment = "http://www.w3.org/2000/01/rdf-schema#comment";

struct Cell {
  std::string text;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
};

class TableReader {
 public:
  TableReader(Input& in, const ParseOptions& options, const FactSink& sink, bool fold)
      : in_(in),
        options_(options),
        tsv_(options.format == RdfFormat::kTsv),
        lines_(in),
        emit_(sink, fold) {}

  Status run() {
    bool header_seen = false;
    for (;;) {
      Status st = next_record();
      if (st && !has_record_) break;
      if (st && cells_.empty()) continue;  // a comment or a blank line
      if (st) st = header_seen ? row() : header();
      if (st) {
        header_seen = true;
        continue;
      }
      // Read errors, sink errors (a load stopping) and header errors end the read; a bad
      // record after the header may be skipped.
      if (!header_seen || st.where().line == 0 || !options_.on_skip) return st;
      options_.on_skip(st);
    }
    if (!lines_.status()) return lines_.status();
    if (!header_seen) {
      return report::error_at(in_.name(), lines_.number() + 1, 1, "",
                              "expected a header row naming the columns (subject, predicate, "
                              "object, and any of from, to, in, source, note)");
    }
    return Status::ok();
  }

 private:
  Status error(const Cell& c, std::string message) const {
    std::string_view text = c.line >= first_line_ && c.line - first_line_ < record_.size()
                                ? std::string_view(record_[c.line - first_line_])
                                : std::string_view();
    return report::error_at(in_.name(), c.line, c.column, text, std::move(message));
  }
  Status error_in(const Cell& c, const Status& st) const { return error(c, st.message()); }

  // Reads the next record into cells_ (empty for a comment or blank line); has_record_ is
  // false at the end.
  Status next_record() {
    cells_.clear();
    record_.clear();
    has_record_ = lines_.next(line_);
    if (!has_record_) return Status::ok();
    first_line_ = lines_.number();
    if (auto st = keep_line(); !st) return st;
    if (line_.starts_with('#')) return comment();
    if (line_.find_first_not_of(" \t") == std::string::npos) return Status::ok();
    return tsv_ ? split_tsv() : split_csv();
  }

  // Keeps the line just read as the record's next one. Cells become terms as they are
  // written, so a line that is not UTF-8 is refused here: its bytes would otherwise reach the
  // store, and a dump that no reader takes back.
  Status keep_line() {
    record_.push_back(line_);
    const std::uint64_t number = first_line_ + record_.size() - 1;
    for (std::size_t i = 0; i < line_.size();) {
      char32_t cp = 0;
      const int len = static_cast<unsigned char>(line_[i]) < 0x80
                          ? 1
                          : lex::decode_utf8(line_.data() + i, line_.size() - i, cp);
      if (len == 0) return error(Cell{"", number, report::column_of(line_, i)}, "invalid UTF-8");
      i += static_cast<std::size_t>(len);
    }
    return Status::ok();
  }

  // "# prefix ex: <iri>" declares a prefix; any other '#' line is a comment.
  Status comment() {
    std::string_view s(line_);
    s.remove_prefix(1);
    auto skip_spaces = [&] {
      while (!s.empty() && (s[0] == ' ' || s[0] == '\t')) s.remove_prefix(1);
    };
    skip_spaces();
    if (s.starts_with('@')) s.remove_prefix(1);
    if (!(s.size() > 6 && lex::iequals(s.substr(0, 6), "prefix") &&
          (s[6] == ' ' || s[6] == '\t'))) {
      return Status::ok();
    }
    s.remove_prefix(6);
    skip_spaces();
    Cell at{"", first_line_, report::column_of(line_, line_.size() - s.size())};
    auto colon = s.find(':');
    auto open = s.find('<');
    auto close = s.rfind('>');
    if (colon == std::string_view::npos || open == std::string_view::npos ||
        close == std::string_view::npos || open < colon || close < open) {
      return error(at, "expected '# prefix NAME: <IRI>'");
    }
    Prefix p{std::string(s.substr(0, colon)), std::string(s.substr(open + 1, close - open - 1))};
    if (auto st = terms_.declare(p); !st) return error_in(at, st);
    if (options_.on_prefix) options_.on_prefix(p);
    return Status::ok();
  }

  static void trim(std::string& s) {
    auto b = s.find_first_not_of(' ');
    if (b == std::string::npos) {
      s.clear();
      return;
    }
    s.erase(s.find_last_not_of(' ') + 1);
    s.erase(0, b);
  }

  // TSV: cells split at tabs; "\t", "\n", "\r" and "\\" stand for a tab, a line end, a
  // carriage return and a backslash; any other backslash stays as it is.
  Status split_tsv() {
    std::size_t i = 0;
    for (;;) {
      Cell c{"", first_line_, report::column_of(line_, i)};
      for (; i < line_.size() && line_[i] != '\t'; ++i) {
        char ch = line_[i];
        if (ch == '\\' && i + 1 < line_.size()) {
          char e = line_[i + 1];
          char v = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e == '\\' ? '\\' : 0;
          if (v) {
            c.text.push_back(v);
            ++i;
            continue;
          }
        }
        c.text.push_back(ch);
      }
      trim(c.text);
      cells_.push_back(std::move(c));
      if (i == line_.size()) return Status::ok();
      ++i;
    }
  }

  // CSV by RFC 4180: cells split at commas; a cell in double quotes may hold commas, line
  // ends and "" for a quote. Spaces around a cell are dropped.
  Status split_csv() {
    std::size_t i = 0;
    std::size_t k = 0;  // the record's line i is in
    for (;;) {
      const std::string* cur = &record_[k];
      while (i < cur->size() && (*cur)[i] == ' ') ++i;
      Cell c{"", first_line_ + k, report::column_of(*cur, i)};
      if (i < cur->size() && (*cur)[i] == '"') {
        ++i;
        for (;;) {
          if (i == cur->size()) {
            if (!lines_.next(line_)) {
              if (!lines_.status()) return lines_.status();
              return error(c, "a quoted cell is not closed before the end of the file");
            }
            if (auto st = keep_line(); !st) return st;
            cur = &record_[++k];
            i = 0;
            c.text.push_back('\n');
            continue;
          }
          char ch = (*cur)[i++];
          if (ch != '"') {
            c.text.push_back(ch);
          } else if (i < cur->size() && (*cur)[i] == '"') {
            c.text.push_back('"');
            ++i;
          } else {
            break;
          }
        }
        while (i < cur->size() && (*cur)[i] == ' ') ++i;
        if (i < cur->size() && (*cur)[i] != ',') {
          Cell at{"", first_line_ + k, report::column_of(*cur, i)};
          return error(at,
                       "expected ',' or the end of the line after a quoted cell (a quote "
                       "inside a cell is written \"\")");
        }
      } else {
        std::size_t end = cur->find(',', i);
        if (end == std::string::npos) end = cur->size();
        c.text.assign(*cur, i, end - i);
        trim(c.text);
        i = end;
      }
      cells_.push_back(std::move(c));
      if (i >= cur->size()) return Status::ok();
      ++i;  // the comma
    }
  }

  Status header() {
    columns_.fill(-1);
    for (std::size_t i = 0; i < cells_.size(); ++i) {
      const Cell& c = cells_[i];
      int found = -1;
      for (int k = 0; k < kColumns; ++k) {
        if (lex::iequals(c.text, kColumnNames[static_cast<std::size_t>(k)])) found = k;
      }
      if (found < 0) {
        return error(c, "unknown column '" + c.text +
                            "' (known: subject, predicate, object, from, to, in, source, note)");
      }
      if (columns_[static_cast<std::size_t>(found)] >= 0) {
        return error(c, "column '" + c.text + "' given twice");
      }
      columns_[static_cast<std::size_t>(found)] = static_cast<int>(i);
    }
    for (int k : {kSubject, kPredicate, kObject}) {
      if (columns_[static_cast<std::size_t>(k)] < 0) {
        Cell at{"", first_line_, 1};
        return error(at, "the header has no '" +
                             std::string(kColumnNames[static_cast<std::size_t>(k)]) + "' column");
      }
    }
    width_ = cells_.size();
    return Status::ok();
  }

  // The cell of a column in this row, or nullptr when the table has no such column.
  const Cell* cell(Column k) const {
    int i = columns_[k];
    return i < 0 ? nullptr : &cells_[static_cast<std::size_t>(i)];
  }
  std::string_view text(Column k) const {
    const Cell* c = cell(k);
    return c ? std::string_view(c->text) : std::string_view();
  }

  Status row() {
    if (cells_.size() != width_) {
      const Cell& at = cells_.size() > width_ ? cells_[width_] : cells_.back();
      return error(at, "this row has " + std::to_string(cells_.size()) + " cells; the header has " +
                           std::to_string(width_));
    }
    if (auto st = terms_.iri(text(kSubject), quad_.subject); !st)
      return error_in(*cell(kSubject), st);
    if (auto st = terms_.iri(text(kPredicate), quad_.predicate); !st) {
      return error_in(*cell(kPredicate), st);
    }
    if (auto st = terms_.object(text(kObject), quad_.object); !st)
      return error_in(*cell(kObject), st);
    quad_.graph = Term();
    if (!text(kSource).empty()) {
      if (auto st = terms_.iri(text(kSource), quad_.graph); !st)
        return error_in(*cell(kSource), st);
    }
    ValidTime valid;
    TimeField which = TimeField::kFrom;
    if (auto st = report::read_interval(text(kFrom), text(kTo), text(kIn), valid, which); !st) {
      Column k = which == TimeField::kFrom ? kFrom : which == TimeField::kTo ? kTo : kIn;
      return error_in(*cell(k), st);
    }
    std::optional<Term> note;
    if (!text(kNote).empty()) note = Term::literal(std::string(text(kNote)));
    emit_.fact(quad_, valid, kRdfsComment, note ? &*note : nullptr);
    return emit_.flush();
  }

  Input& in_;
  const ParseOptions& options_;
  const bool tsv_;
  report::LineReader lines_;
  report::FactEmitter emit_;
  report::TermSyntax terms_;
  std::string line_;
  std::vector<std::string> record_;  // the lines of the record being read
  std::uint64_t first_line_ = 0;     // the number of record_[0]
  std::vector<Cell> cells_;
  bool has_record_ = false;
  std::array<int, kColumns> columns_{};  // cell index of each column, -1 if absent
  std::size_t width_ = 0;
  Quad quad_;
};

}  // namespace

Status parse_table(Input& in, const ParseOptions& options, const FactSink& sink, bool fold) {
  TableReader reader(in, options, sink, fold);
  return reader.run();
}

Status parse_report(Input& in, const ParseOptions& options, const FactSink& sink, bool fold) {
  if (options.format == RdfFormat::kJsonl) return parse_jsonl(in, options, sink, fold);
  return parse_table(in, options, sink, fold);
}

}  // namespace annals
