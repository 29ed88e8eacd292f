// UTF-8 helpers and the language-tag rule of the RDF readers, the writers and the SPARQL grammar.
#include "syntax/lexical.hpp"

#include <algorithm>

namespace annals::lex {

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    char b[2] = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    out.append(b, 2);
  } else if (cp < 0x10000) {
    char b[3] = {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                 static_cast<char>(0x80 | (cp & 0x3F))};
    out.append(b, 3);
  } else {
    char b[4] = {
        static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
        static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
    out.append(b, 4);
  }
}

bool valid_language_tag(std::string_view tag) {
  std::size_t start = 0;
  for (bool first = true;; first = false) {
    const std::size_t end = std::min(tag.find('-', start), tag.size());
    if (end == start || end - start > 8) return false;
    for (char c : tag.substr(start, end - start)) {
      if (!is_alpha(c) && (first || !is_digit(c))) return false;
    }
    if (end == tag.size()) return true;
    start = end + 1;
  }
}

int decode_utf8(const char* p, std::size_t n, char32_t& cp) {
  auto b0 = static_cast<unsigned char>(*p);
  int len;
  if (b0 >= 0xC2 && b0 < 0xE0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 < 0xF0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 < 0xF5) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (n < static_cast<std::size_t>(len)) return 0;
  for (int i = 1; i < len; ++i) {
    auto b = static_cast<unsigned char>(p[i]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
      (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
    return 0;
  }
  return len;
}

}  // namespace annals::lex
