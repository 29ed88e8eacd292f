// The terminals shared by the Turtle, TriG and SPARQL grammars (STYLE.md §6: written once):
// white space and comments, IRIREF, prefixed names, blank node labels, strings with escapes,
// LANG_DIR, numbers and keywords. Each is a custom PEGTL rule that scans the input directly
// and decodes into the builder's value stack (see TermBuilder in scan.hpp): scanning a token
// byte by byte with a table is much faster than composing it from PEGTL's character rules.
//
// The SPARQL and Turtle terminals agree (SPARQL 1.1 §19.8 and RDF 1.2 Turtle §6.5 share
// them), with one exception the SPARQL grammar adds itself: variables.
#pragma once

#include "syntax/scan.hpp"

namespace annals::syntax {

// WS and comments, any amount.
struct ws : Terminal<ws, OptionalTerminal> {
  template <typename In, typename B>
  static bool scan(In& in, B& b) {
    for (;;) {
      Scan s(in);
      int c;
      while (is_ws(c = s.at(0))) s.skip(1);
      if (c != '#') {
        s.accept();
        return true;
      }
      while ((c = s.at(0)) >= 0 && c != '\n' && c != '\r') {
        if (c >= 0x80) {
          s.utf8(b);
        } else {
          s.skip(1);
        }
      }
      s.accept();
    }
  }
};

// An optional UTF-8 byte order mark at the start.
struct bom : pegtl::opt<pegtl::utf8::bom> {};

// The classes of name characters: PN_CHARS_BASE, PN_CHARS_U (and '_'), PN_CHARS (and '-',
// digits, U+00B7, combining marks).
enum class Name { kBase, kU, kChars };

// The length of the character k bytes ahead if it is of class cls, else 0.
template <typename In, typename B>
std::size_t name_len(Scan<In>& s, B& b, std::size_t k, Name cls) {
  int c = s.at(k);
  if (c < 0) return 0;
  if (c < 0x80) {
    char ch = static_cast<char>(c);
    if (lex::is_alpha(ch)) return 1;
    if (cls != Name::kBase && ch == '_') return 1;
    if (cls == Name::kChars && (lex::is_digit(ch) || ch == '-')) return 1;
    return 0;
  }
  char32_t cp;
  std::size_t len = s.peek_utf8(b, k, cp);
  if (lex::pn_chars_base(cp) || (cls == Name::kChars && lex::pn_chars_extra(cp))) return len;
  return 0;
}

// PN_PREFIX ::= PN_CHARS_BASE ((PN_CHARS | '.')* PN_CHARS)? at the cursor: its length, or 0.
template <typename In, typename B>
std::size_t prefix_len(Scan<In>& s, B& b) {
  std::size_t k = name_len(s, b, 0, Name::kBase);
  if (k == 0) return 0;
  std::size_t good = k;
  for (;;) {
    int c = s.at(k);
    if (c == '.') {
      ++k;
      continue;
    }
    if (c >= 0 && c < 0x80 && (lex::is_alpha(static_cast<char>(c)) || lex::is_digit(static_cast<char>(c)) ||
                               c == '_' || c == '-')) {
      good = ++k;  // the common case, without the general test below
      continue;
    }
    std::size_t n = name_len(s, b, k, Name::kChars);
    if (n == 0) break;
    k += n;
    good = k;
  }
  return good;
}

// IRIREF, resolved against the base.
struct iriref : Terminal<iriref> {
  template <typename In, typename B>
  static bool scan(In& in, B& b) {
    Scan s(in);
    if (s.at(0) != '<' || s.at(1) == '<') return false;
    s.skip(1);
    std::string& iri = b.push_iri().value;
    std::size_t run = s.pos();
    for (;;) {
      int c = s.at(0);
      if (c < 0) s.fail(b, 0, "unterminated IRI");
      if (c >= 0x80) {
        s.utf8(b);
      } else if (iri_plain(static_cast<unsigned char>(c))) {
        s.skip(1);
      } else if (c == '>') {
        break;
      } else if (c == '\\') {
        iri.append(s.text(run));
        if (s.at(1) != 'u' && s.at(1) != 'U') s.fail(b, s.pos(), "invalid escape in IRI (only \\u and \\U)");
        std::size_t at = s.pos();
        std::string decoded;
        s.uchar(b, decoded);
        for (unsigned char d : decoded) {
          if (!iri_char(d)) s.fail(b, at, std::string(lex::kIriEscapeRefused));
        }
        iri += decoded;
        run = s.pos();
      } else {
        s.fail(b, s.pos(), "invalid character in IRI: " + describe_byte(static_cast<unsigned char>(c)));
      }
    }
    iri.append(s.text(run));
    s.skip(1);
    if (!iri_has_scheme(iri)) {
      if (b.base().empty()) s.fail(b, 0, "relative IRI <" + iri + "> and no base IRI to resolve it against");
      iri = resolve_iri(b.base(), iri);
    }
    s.accept_in_line();
    return true;
  }
};

// PNAME_NS or PNAME_LN, expanded with the prefix it names.
struct pname : Terminal<pname> {
  template <typename In, typename B>
  static bool scan(In& in, B& b) {
    Scan s(in);
    std::size_t n = prefix_len(s, b);
    if (s.at(n) != ':') return false;
    s.skip(n);
    std::string_view name = s.text(0);
    s.skip(1);  // ':'
    const std::string* ns = b.prefix(name);
    if (!ns) s.fail(b, 0, "undefined prefix '" + std::string(name) + ":'");
    std::string& iri = b.push_iri().value;
    iri.assign(*ns);
    scan_local(s, b, iri);
    s.accept_in_line();
    return true;
  }

  // ASCII characters of PN_CHARS, and ':' (a local name may hold both anywhere but '-'
  // first).
  static bool local_ascii(int c) {
    return c < 0x80 && (lex::is_alpha(static_cast<char>(c)) || lex::is_digit(static_cast<char>(c)) ||
                        c == '_' || c == '-' || c == ':');
  }

  // PN_LOCAL ::= (PN_CHARS_U | ':' | [0-9] | PLX) ((PN_CHARS | '.' | ':' | PLX)* (PN_CHARS | ':' | PLX))?
  // PLX (%XX and \-escapes) is kept / unescaped into out; a trailing '.' is left unread.
  template <typename In, typename B>
  static void scan_local(Scan<In>& s, B& b, std::string& out) {
    std::size_t k = 0, good = 0, good_out = out.size();
    for (;;) {
      int c = s.at(k);
      if (c == '%') {
        int h1 = s.at(k + 1), h2 = s.at(k + 2);
        if (h1 < 0 || h2 < 0 || lex::hex_value(static_cast<char>(h1)) < 0 ||
            lex::hex_value(static_cast<char>(h2)) < 0) {
          s.fail(b, s.pos() + k, "'%' in a prefixed name must start a %XX escape");
        }
        out.append(s.ptr() + k, 3);
        k += 3;
      } else if (c == '\\') {
        int e = s.at(k + 1);
        if (e < 0 || !lex::pn_local_esc(static_cast<char>(e))) {
          s.fail(b, s.pos() + k, "invalid escape in a prefixed name");
        }
        out.push_back(static_cast<char>(e));
        k += 2;
      } else if (c == '.' && k > 0) {
        out.push_back('.');
        ++k;
        continue;  // a local name does not end in '.'
      } else if (c >= 0 && local_ascii(c) && (k > 0 || c != '-')) {
        // A run of plain ASCII name characters, the common case, appended in one go.
        std::size_t e = k + 1;
        for (int d = s.at(e); d >= 0 && local_ascii(d); d = s.at(e)) ++e;
        out.append(s.ptr() + k, e - k);
        k = e;
      } else if (std::size_t n = name_len(s, b, k, k == 0 ? Name::kU : Name::kChars); n > 0) {
        out.append(s.ptr() + k, n);
        k += n;
      } else {
        break;
      }
      good = k;
      good_out = out.size();
    }
    out.resize(good_out);
    s.skip(good);
  }
};

// BLANK_NODE_LABEL ::= '_:' (PN_CHARS_U | [0-9]) ((PN_CHARS | '.')* PN_CHARS)?
struct blank_label : Terminal<blank_label> {
  template <typename In, typename B>
  static bool scan(In& in, B& b) {
    Scan s(in);
    if (s.at(0) != '_' || s.at(1) != ':') return false;
    s.skip(2);
    std::size_t k = 0;
    int c = s.at(0);
    if (c >= '0' && c <= '9') {
      k = 1;
    } else {
      k = name_len(s, b, 0, Name::kU);
      if (k == 0) s.fail(b, 0, "invalid blank node label");
    }
    std::size_t good = k;
    for (;;) {
      if (s.at(k) == '.') {
        ++k;
        continue;
      }
      std::size_t n = name_len(s, b, k, Name::kChars);
      if (n == 0) break;
      k += n;
      good = k;
    }
    b.push_file_blank(std::string_view(s.ptr(), good));
    s.skip(good);
    s.accept_in_line();
    return true;
  }
};

// The four string forms, with ECHAR and UCHAR decoded; pushes an xsd:string literal.
struct string_literal : Terminal<string_literal> {
  template <typename In, typename B>
  static bool scan(In& in, B& b) {
    Scan s(in);
    int q = s.at(0);
    if (q != '"' && q != '\'') return false;
    bool long_form = s.at(1) == q && s.at(2) == q;
    s.skip(long_form ? 3 : 1);
    std::string& value = b.push_literal(kXsdString).value;
    std::size_t run = s.pos();
    for (;;) {
      int c = s.at(0);
      if (c < 0) s.fail(b, 0, "unterminated string");
      if (c == q) {
        if (!long_form) break;
        if (s.at(1) == q && s.at(2) == q) break;
        s.skip(1);
      } else if (c == '\\') {
        value.append(s.text(run));
        int e = s.at(1);
        if (e == 'u' || e == 'U') {
          s.uchar(b, value);
        } else {
          int v = e < 0 ? -1 : lex::echar_value(static_cast<char>(e));
          if (v < 0) s.fail(b, s.pos(), "invalid escape in string");
          value.push_back(static_cast<char>(v));
          s.skip(2);
        }
        run = s.pos();
      } else if (!long_form && (c == '\n' || c == '\r')) {
        s.fail(b, s.pos(), "line end in a string (use \"\"\" for long strings)");
      } else if (c >= 0x80) {
        s.utf8(b);
      } else {
        s.skip(1);
      }
    }
    value.append(s.text(run));
    s.skip(long_form ? 3 : 1);
    s.accept();
    return true;
  }
};

// LANG_DIR ::= '@' [a-zA-Z]+ ('-' [a-zA-Z0-9]+)* ('--' [a-zA-Z]+)?, on the literal on top;
// the tag must pass lex::valid_language_tag (subtags of at most 8 characters).
struct lang_dir : Terminal<lang_dir> {
  template <typename In, typename B>
  static bool scan(In& in, B& b) {
    Scan s(in);
    if (s.at(0) != '@') return false;
    s.skip(1);
    auto tag_char = [&](int c) { return c >= 0 && lex::language_char(static_cast<char>(c)); };
    std::size_t tag = s.pos();
    while (tag_char(s.at(0)) && !(s.at(0) == '-' && s.at(1) == '-')) s.skip(1);
    std::string language(s.text(tag));
    if (!lex::valid_language_tag(language)) s.fail(b, 0, "invalid language tag");
    std::string direction;
    if (s.at(0) == '-' && s.at(1) == '-') {
      s.skip(2);
      std::size_t dir = s.pos();
      while (s.at(0) >= 0 && lex::is_alpha(static_cast<char>(s.at(0)))) s.skip(1);
      direction = s.text(dir);
      if (!lex::valid_direction(direction)) {
        s.fail(b, 0, "invalid base direction '--" + direction + "' (expected --ltr or --rtl)");
      }
    }
    s.accept_in_line();
    Term& lit = b.top();
    lit.datatype.assign(direction.empty() ? kRdfLangString : kRdfDirLangString);
    lit.language = std::move(language);
    lit.direction = std::move(direction);
    return true;
  }
};

// INTEGER, DECIMAL or DOUBLE.
struct numeric : Terminal<numeric> {
  template <typename In, typename B>
  static bool scan(In& in, B& b) {
    Scan s(in);
    auto digit = [&](std::size_t k) {
      int c = s.at(k);
      return c >= '0' && c <= '9';
    };
    std::size_t k = 0;
    if (s.at(0) == '+' || s.at(0) == '-') k = 1;
    std::size_t int_digits = 0;
    while (digit(k + int_digits)) ++int_digits;
    k += int_digits;
    std::size_t frac_digits = 0;
    bool dot = false;
    if (s.at(k) == '.') {
      while (digit(k + 1 + frac_digits)) ++frac_digits;
      int after = s.at(k + 1 + frac_digits);
      // "1." is the integer 1 ending a statement, unless an exponent follows: "1.e5".
      if (frac_digits > 0 || (int_digits > 0 && (after == 'e' || after == 'E'))) {
        dot = true;
        k += 1 + frac_digits;
      }
    }
    if (int_digits == 0 && frac_digits == 0) return false;
    std::string_view type = kXsdInteger;
    if (dot) type = kXsdDecimal;
    if (s.at(k) == 'e' || s.at(k) == 'E') {
      std::size_t e = k + 1;
      if (s.at(e) == '+' || s.at(e) == '-') ++e;
      if (!digit(e)) {
        if (!dot && int_digits > 0) {
          // "1e" is not a number; let the caller see the failure.
        }
        s.fail(b, k, "expected digits in the exponent");
      }
      while (digit(e)) ++e;
      k = e;
      type = kXsdDouble;
    }
    s.skip(k);
    b.push_literal(type).value.assign(s.text(0));
    s.accept_in_line();
    return true;
  }
};

// True when the byte c could continue a name (so a keyword before it is not one).
inline bool name_char(int c) {
  return c >= 0x80 || (c >= 0 && (lex::is_alpha(static_cast<char>(c)) || lex::is_digit(static_cast<char>(c)) ||
                                  c == '_' || c == '-' || c == ':'));
}

// A keyword (case-sensitive or not) not followed by a name character.
template <bool kCaseless, char... Cs>
struct keyword : Terminal<keyword<kCaseless, Cs...>> {
  template <typename In, typename B>
  static bool scan(In& in, B&) {
    static constexpr char kText[] = {Cs...};
    Scan s(in);
    for (std::size_t i = 0; i < sizeof...(Cs); ++i) {
      int c = s.at(i);
      if (c < 0) return false;
      char ch = static_cast<char>(c);
      if (kCaseless && ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
      if (ch != kText[i]) return false;
    }
    // "@prefix:" is a directive; "PREFIX:" would be a prefixed name.
    if (kText[0] != '@' && name_char(s.at(sizeof...(Cs)))) return false;
    s.skip(sizeof...(Cs));
    s.accept_in_line();
    return true;
  }
};

struct kw_prefix : keyword<false, '@', 'p', 'r', 'e', 'f', 'i', 'x'> {};
struct kw_base : keyword<false, '@', 'b', 'a', 's', 'e'> {};
struct kw_version : keyword<false, '@', 'v', 'e', 'r', 's', 'i', 'o', 'n'> {};
struct kw_sparql_prefix : keyword<true, 'P', 'R', 'E', 'F', 'I', 'X'> {};
struct kw_sparql_base : keyword<true, 'B', 'A', 'S', 'E'> {};
struct kw_sparql_version : keyword<true, 'V', 'E', 'R', 'S', 'I', 'O', 'N'> {};
struct kw_graph : keyword<true, 'G', 'R', 'A', 'P', 'H'> {};
struct kw_true : keyword<false, 't', 'r', 'u', 'e'> {};
struct kw_false : keyword<false, 'f', 'a', 'l', 's', 'e'> {};
struct kw_a : keyword<false, 'a'> {};

// PNAME_NS in a prefix directive: the name, pushed as a literal's value.
struct prefix_name : Terminal<prefix_name> {
  template <typename In, typename B>
  static bool scan(In& in, B& b) {
    Scan s(in);
    std::size_t n = prefix_len(s, b);
    if (s.at(n) != ':') s.fail(b, 0, "expected a prefix name ending in ':'");
    std::string name(s.ptr(), n);
    s.skip(n + 1);
    s.accept_in_line();
    b.push_literal(kXsdString).value = std::move(name);
    return true;
  }
};

// VERSION's string (RDF 1.2 Turtle and SPARQL 1.2):
//   VersionSpecifier ::= STRING_LITERAL_QUOTE | STRING_LITERAL_SINGLE_QUOTE (not the long forms)
struct version_string : Terminal<version_string> {
  template <typename In, typename B>
  static bool scan(In& in, B& b) {
    Scan s(in);
    int q = s.at(0);
    if ((q == '"' || q == '\'') && s.at(1) == q && s.at(2) == q) {
      s.fail(b, 0, "a version is a short string (\"...\" or '...')");
    }
    return string_literal::scan(in, b);
  }
};

// A keyword in any case (SPARQL 1.1 §19.5: "Keywords are matched in a case-insensitive
// manner"), given as upper-case text: ikeyword<"SELECT">. Not followed by a name character.
template <std::size_t N>
struct KeywordText {
  char text[N];
  constexpr KeywordText(const char (&s)[N]) {  // NOLINT: implicit by design
    for (std::size_t i = 0; i < N; ++i) text[i] = s[i];
  }
};
template <KeywordText K>
struct ikeyword : Terminal<ikeyword<K>> {
  template <typename In, typename B>
  static bool scan(In& in, B&) {
    constexpr std::size_t n = sizeof(K.text) - 1;
    Scan s(in);
    for (std::size_t i = 0; i < n; ++i) {
      int c = s.at(i);
      if (c >= 'a' && c <= 'z') c = c - 'a' + 'A';
      if (c != K.text[i]) return false;
    }
    if (name_char(s.at(n))) return false;
    s.skip(n);
    s.accept_in_line();
    return true;
  }
};

}  // namespace annals::syntax
