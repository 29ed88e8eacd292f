// The table for people at a terminal (`annals query` by default, and the REPL): box-drawing
// borders, a header of "?var"s, values as display_value shows them (prefixed names, bare
// numbers and dates, "text"@en), numbers right-aligned, and a footer "N rows (12.3 ms)".
//
// Columns are as wide as their widest value, up to max_column_width characters on screen
// (East Asian wide characters count two, combining marks none); longer values are cut with
// '…'. To size them the writer keeps the first kSizingRows rows; after that it streams, and
// later rows are cut to the widths already chosen. A table wider than max_width narrows its
// widest columns (none below kNarrowest), then shows the first and last columns around a
// "…" column, as many as fit. ASK prints just "true" or "false", as a
// one-value answer prints in sqlite's and psql's plain modes: easy to read and to script.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "results/writers.hpp"
#include "syntax/names.hpp"

namespace annals::results {

namespace {

constexpr std::size_t kSizingRows = 1000;
constexpr std::size_t kNarrowest = 8;     // a column narrowed to fit is never narrower
constexpr std::size_t kHidden = SIZE_MAX;  // the layout's "…" column

// Screen columns of a table with columns this wide: "│" then " value │" for each.
std::size_t table_width(const std::vector<std::size_t>& widths) {
  std::size_t w = 1;
  for (std::size_t c : widths) w += c + 3;
  return w;
}

// Columns a code point takes on a terminal: Unicode's East Asian Wide and Fullwidth blocks
// (the common ones, and emoji) take two; combining marks, zero-width spaces and variation
// selectors none. A short list, not the whole of UAX #11: good for CJK text, Hangul, emoji.
std::size_t display_columns(char32_t c) {
  if ((c >= 0x300 && c <= 0x36F) || (c >= 0x200B && c <= 0x200F) || (c >= 0xFE00 && c <= 0xFE0F)) {
    return 0;
  }
  const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
                    (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
                    (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
                    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
                    (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
  return wide ? 2 : 1;
}

struct Cell {
  std::string text;  // valid UTF-8 (malformed bytes already replaced)
  std::size_t width = 0;
  bool right = false;  // numbers are right-aligned
};

Cell make_cell(std::string_view text, bool right) {
  Cell cell;
  cell.right = right;
  append_escaped(cell.text, text, [&cell](std::string&, char32_t cp) {
    cell.width += display_columns(cp);
    return false;
  });
  return cell;
}

// The cell's text in exactly `width` columns: cut with '…' when wider, padded when not.
void append_fitted(std::string& out, const Cell& cell, std::size_t width) {
  if (cell.width <= width) {
    const std::string pad(width - cell.width, ' ');
    out.append(cell.right ? pad + cell.text : cell.text + pad);
    return;
  }
  std::size_t used = 0;
  for (std::size_t i = 0; i < cell.text.size();) {
    char32_t cp = 0;
    const std::size_t n = next_code_point(cell.text, i, cp);
    const std::size_t w = display_columns(cp);
    if (used + w + 1 > width) break;  // one column stays for the ellipsis
    out.append(cell.text, i, n);
    used += w;
    i += n;
  }
  out.append("…");
  out.append(width - used - 1, ' ');  // a wide character that did not fit leaves a gap
}

void append_repeated(std::string& out, std::string_view s, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out.append(s);
}

class TableWriter final : public BufferedWriter {
 public:
  TableWriter(std::ostream& out, const ResultWriterOptions& options)
      : BufferedWriter(out), options_(options) {}

  void start(const std::vector<std::string>& variables) override {
    for (const std::string& v : variables) header_.push_back(make_cell("?" + v, false));
  }

  void row(std::span<const std::optional<Term>> values) override {
    std::vector<Cell> cells(header_.size());
    for (std::size_t i = 0; i < cells.size() && i < values.size(); ++i) {
      if (!values[i]) continue;
      scratch_.clear();
      append_display(scratch_, *values[i], options_.prefixes);
      const bool number = lex::is_bare_literal(*values[i]) && values[i]->datatype != kXsdBoolean;
      cells[i] = make_cell(scratch_, number);
    }
    ++rows_;
    if (sized_) {
      append_row(cells);
      flush();
      return;
    }
    buffered_.push_back(std::move(cells));
    if (buffered_.size() == kSizingRows) write_buffered();
  }

  void finish(std::optional<double> elapsed_ms) override {
    if (!sized_) write_buffered();
    if (!layout_.empty()) append_border("└", "┴", "┘");
    if (options_.footer && !options_.footer_stream) append_footer(elapsed_ms);
    flush();
    if (options_.footer && options_.footer_stream) {
      append_footer(elapsed_ms);
      *options_.footer_stream << buf_ << std::flush;
      buf_.clear();
    }
  }

  void boolean(bool value) override {
    buf_.append(value ? "true\n" : "false\n");
    flush();
  }

 private:
  // Sizes the columns from the header and the rows kept so far, then writes them all.
  void write_buffered() {
    const std::size_t cap = std::max<std::size_t>(options_.max_column_width, 1);
    widths_.assign(header_.size(), 0);
    for (std::size_t i = 0; i < header_.size(); ++i) {
      std::size_t w = header_[i].width;
      for (const std::vector<Cell>& cells : buffered_) w = std::max(w, cells[i].width);
      widths_[i] = std::min(std::max<std::size_t>(w, 1), cap);
    }
    fit();
    sized_ = true;
    if (!layout_.empty()) {
      append_border("┌", "┬", "┐");
      append_row(header_);
      if (rows_ > 0) append_border("├", "┼", "┤");
    }
    for (const std::vector<Cell>& cells : buffered_) append_row(cells);
    buffered_.clear();
    buffered_.shrink_to_fit();
    flush();
  }

  // Within max_width: the widest columns narrow one character at a time (to kNarrowest at
  // the least); if that is not enough, the layout keeps columns from both ends, alternately,
  // around a "…" column. Every column shows otherwise.
  void fit() {
    layout_.clear();
    for (std::size_t i = 0; i < widths_.size(); ++i) layout_.push_back(i);
    const std::size_t max = options_.max_width;
    if (max == 0 || widths_.empty()) return;
    while (table_width(widths_) > max) {
      auto widest = std::max_element(widths_.begin(), widths_.end());
      if (*widest <= kNarrowest) break;
      --*widest;
    }
    if (table_width(widths_) <= max) return;
    std::vector<std::size_t> left, right;
    std::size_t used = 1 + 4;  // the border and the "…" column
    for (std::size_t lo = 0, hi = widths_.size(); lo < hi;) {
      const bool from_left = left.size() <= right.size();
      const std::size_t i = from_left ? lo : hi - 1;
      if (used + widths_[i] + 3 > max) break;
      used += widths_[i] + 3;
      if (from_left) {
        left.push_back(lo++);
      } else {
        right.insert(right.begin(), --hi);
      }
    }
    if (left.empty()) left.push_back(0);  // one column at least, however narrow the screen
    layout_ = left;
    layout_.push_back(kHidden);
    layout_.insert(layout_.end(), right.begin(), right.end());
    shown_ = left.size() + right.size();
  }

  void append_border(std::string_view left, std::string_view middle, std::string_view right) {
    buf_.append(left);
    for (std::size_t k = 0; k < layout_.size(); ++k) {
      if (k > 0) buf_.append(middle);
      append_repeated(buf_, "─", (layout_[k] == kHidden ? 1 : widths_[layout_[k]]) + 2);
    }
    buf_.append(right);
    buf_.push_back('\n');
  }

  void append_row(const std::vector<Cell>& cells) {
    if (cells.empty()) return;
    buf_.append("│");
    for (std::size_t i : layout_) {
      buf_.push_back(' ');
      if (i == kHidden) {
        buf_.append("…");
      } else {
        append_fitted(buf_, cells[i], widths_[i]);
      }
      buf_.append(" │");
    }
    buf_.push_back('\n');
  }

  void append_footer(std::optional<double> elapsed_ms) {
    buf_.append(std::to_string(rows_));
    buf_.append(rows_ == 1 ? " row" : " rows");
    if (shown_ != 0) {
      buf_.append(" (" + std::to_string(header_.size()) + " columns, " + std::to_string(shown_) +
                  " shown)");
    }
    if (elapsed_ms) {
      char text[48];
      std::snprintf(text, sizeof text, " (%.1f ms)", *elapsed_ms);
      buf_.append(text);
    }
    buf_.push_back('\n');
  }

  ResultWriterOptions options_;
  std::vector<Cell> header_;
  std::vector<std::vector<Cell>> buffered_;
  std::vector<std::size_t> widths_;
  std::vector<std::size_t> layout_;  // the columns shown, in order; kHidden for "…"
  std::size_t shown_ = 0;            // columns shown when some are hidden (0: all shown)
  std::string scratch_;
  std::size_t rows_ = 0;
  bool sized_ = false;
};

}  // namespace

std::unique_ptr<ResultWriter> make_table_writer(std::ostream& out,
                                                const ResultWriterOptions& options) {
  return std::make_unique<TableWriter>(out, options);
}

}  // namespace annals::results
