// The string functions of SPARQL 1.1 §17.4.3 with the argument compatibility rules of
// §17.4.3.1.1: lengths and substrings count Unicode code points, case mapping and regular
// expressions (REGEX, REPLACE, with XPath's flags s m i x q) are ICU's.
#include <unicode/locid.h>
#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <unordered_map>

#include "exec/budget.hpp"
#include "expr/functions.hpp"
#include "expr/values.hpp"
#include "syntax/lexical.hpp"

namespace annals::query::expr {

// A pattern compiled once per query, with one matcher reused for every row (making a matcher
// costs allocations; reset() to a new text does not). The matcher reads `text`, which it
// keeps a reference to.
struct CompiledRegex {
  std::unique_ptr<icu::RegexPattern> pattern;  // null: the pattern or its flags are bad
  std::unique_ptr<icu::RegexMatcher> matcher;
  icu::UnicodeString text;
  const void* budget = nullptr;  // the budget the matcher's callback stops with
};

// Compiled patterns by flags and pattern text.
struct RegexCache {
  std::unordered_map<std::string, CompiledRegex> patterns;
};

Env::Env() : regex(std::make_shared<RegexCache>()) {}

Term simple_literal(std::string value) { return Term::literal(std::move(value)); }

Term string_like(std::string value, const Term& like) {
  if (has_language(like))
    return Term::lang_literal(std::move(value), like.language, like.direction);
  return simple_literal(std::move(value));
}

namespace {

icu::UnicodeString unicode(const std::string& s) { return icu::UnicodeString::fromUTF8(s); }

std::string utf8(const icu::UnicodeString& u) {
  std::string s;
  u.toUTF8String(s);
  return s;
}


// §17.4.3.1.1: two simple literals / xsd:strings, two strings of one language, or a
// language-tagged string and a simple one.
bool compatible(const Term& a, const Term& b) {
  if (!is_string_literal(a) || !is_string_literal(b)) return false;
  if (is_simple_string(b)) return true;
  return has_language(a) && lex::iequals(a.language, b.language) && a.direction == b.direction;
}

// Text in ASCII needs no Unicode tables: case mapping, lengths and positions are per byte.
bool is_ascii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// The code points of UTF-8 text: every byte but the continuation bytes starts one.
std::int64_t code_points(const std::string& s) {
  std::int64_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

Value fn_strlen(Env&, Args args) {
  if (!is_string_literal(*args[0])) return std::nullopt;
  return numeric_term(Numeric::integer(Decimal::of(code_points(args[0]->value))));
}

// XPath fn:round on the doubles SUBSTR's positions are.
double round_half_up(double d) { return std::floor(d + 0.5); }

// fn:substring: the code points at positions p (from 1) with round(start) <= p <
// round(start) + round(length).
Value fn_substr(Env&, Args args) {
  const Term& s = *args[0];
  if (!is_string_literal(s)) return std::nullopt;
  auto start = numeric_value(*args[1]);
  if (!start) return std::nullopt;
  double first = round_half_up(start->as_double());
  double end = HUGE_VAL;
  if (args.size() > 2) {
    auto length = numeric_value(*args[2]);
    if (!length) return std::nullopt;
    end = first + round_half_up(length->as_double());
  }
  if (is_ascii(s.value)) {
    const double size = static_cast<double>(s.value.size());
    double from = std::max(first, 1.0), to = std::min(end, size + 1);  // NaN: empty
    if (!(from < to)) return string_like(std::string(), s);
    return string_like(s.value.substr(static_cast<std::size_t>(from - 1),
                                      static_cast<std::size_t>(to - from)),
                       s);
  }
  icu::UnicodeString u = unicode(s.value), out;
  double position = 1;
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1), ++position) {
    if (position >= first && position < end) out.append(u.char32At(i));
  }
  return string_like(utf8(out), s);
}

// UCASE / LCASE: ASCII by a byte's offset, other text by ICU's root locale.
Value change_case(const Term& t, bool upper) {
  if (!is_string_literal(t)) return std::nullopt;
  if (is_ascii(t.value)) {
    std::string out = t.value;
    const char from = upper ? 'a' : 'A', to = upper ? 'A' : 'a';
    for (char& c : out)
      if (c >= from && c <= from + 25) c = static_cast<char>(c - from + to);
    return string_like(std::move(out), t);
  }
  icu::UnicodeString u = unicode(t.value);
  return string_like(utf8(upper ? u.toUpper(icu::Locale::getRoot()) : u.toLower(icu::Locale::getRoot())), t);
}

Value fn_ucase(Env&, Args args) { return change_case(*args[0], true); }
Value fn_lcase(Env&, Args args) { return change_case(*args[0], false); }

Value fn_strstarts(Env&, Args args) {
  if (!compatible(*args[0], *args[1])) return std::nullopt;
  return boolean_term(args[0]->value.starts_with(args[1]->value));
}

Value fn_strends(Env&, Args args) {
  if (!compatible(*args[0], *args[1])) return std::nullopt;
  return boolean_term(args[0]->value.ends_with(args[1]->value));
}

Value fn_contains(Env&, Args args) {
  if (!compatible(*args[0], *args[1])) return std::nullopt;
  return boolean_term(args[0]->value.find(args[1]->value) != std::string::npos);
}

// STRBEFORE / STRAFTER: no match gives "" without a tag; a match keeps the first argument's.
Value fn_strbefore(Env&, Args args) {
  if (!compatible(*args[0], *args[1])) return std::nullopt;
  std::size_t at = args[0]->value.find(args[1]->value);
  if (at == std::string::npos) return simple_literal("");
  return string_like(args[0]->value.substr(0, at), *args[0]);
}

Value fn_strafter(Env&, Args args) {
  if (!compatible(*args[0], *args[1])) return std::nullopt;
  std::size_t at = args[0]->value.find(args[1]->value);
  if (at == std::string::npos) return simple_literal("");
  return string_like(args[0]->value.substr(at + args[1]->value.size()), *args[0]);
}

// Every byte but RFC 3986's unreserved characters is percent-encoded (fn:encode-for-uri).
Value fn_encode_for_uri(Env&, Args args) {
  if (!is_string_literal(*args[0])) return std::nullopt;
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : args[0]->value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return simple_literal(std::move(out));
}

// CONCAT: a language tag survives only when every argument has the same one.
Value fn_concat(Env&, Args args) {
  std::string out;
  bool same = !args.empty();
  for (const Term* t : args) {
    if (!is_string_literal(*t)) return std::nullopt;
    out += t->value;
    if (!has_language(*t) || !lex::iequals(t->language, args[0]->language) ||
        t->direction != args[0]->direction) {
      same = false;
    }
  }
  if (same) return string_like(std::move(out), *args[0]);
  return simple_literal(std::move(out));
}

// RFC 4647 basic filtering: "*" matches any tag, else a prefix ending at a '-'.
Value fn_langmatches(Env&, Args args) {
  if (!is_simple_string(*args[0]) || !is_simple_string(*args[1])) return std::nullopt;
  const std::string& tag = args[0]->value;
  const std::string& range = args[1]->value;
  if (range == "*") return boolean_term(!tag.empty());
  bool match = tag.size() >= range.size() && lex::iequals(tag.substr(0, range.size()), range) &&
               (tag.size() == range.size() || tag[range.size()] == '-');
  return boolean_term(match);
}

// The compiled pattern for XPath flags, or nullptr for bad flags or a bad pattern.
CompiledRegex* compile(Env& env, const std::string& pattern, const std::string& flags) {
  std::string key = flags + '\0' + pattern;
  auto& cache = env.regex->patterns;
  auto it = cache.find(key);
  if (it != cache.end()) return it->second.pattern ? &it->second : nullptr;
  uint32_t bits = 0;
  bool ok = true;
  for (char f : flags) {
    switch (f) {
      case 's':
        bits |= UREGEX_DOTALL;
        break;
      case 'm':
        bits |= UREGEX_MULTILINE;
        break;
      case 'i':
        bits |= UREGEX_CASE_INSENSITIVE;
        break;
      case 'x':
        bits |= UREGEX_COMMENTS;
        break;
      case 'q':
        bits |= UREGEX_LITERAL;
        break;
      default:
        ok = false;
    }
  }
  std::unique_ptr<icu::RegexPattern> compiled;
  if (ok) {
    UParseError where;
    UErrorCode status = U_ZERO_ERROR;
    compiled.reset(icu::RegexPattern::compile(unicode(pattern), bits, where, status));
    if (U_FAILURE(status)) compiled.reset();
  }
  if (cache.size() > 1000) cache.clear();
  const bool good = compiled != nullptr;
  CompiledRegex& entry = cache[std::move(key)];
  entry.pattern = std::move(compiled);
  return good ? &entry : nullptr;
}

// The pattern of REGEX / REPLACE from its arguments (a simple literal each).
CompiledRegex* pattern_of(Env& env, const Term& pattern, const Term* flags) {
  if (!is_simple_string(pattern) || (flags && !is_simple_string(*flags))) return nullptr;
  return compile(env, pattern.value, flags ? flags->value : std::string());
}

// ICU calls this every few thousand steps of a match: a match (catastrophic backtracking
// `(a+)+$` on a long text takes exponential time) stops when its query is out of time.
UBool match_callback(const void* budget, int32_t /*steps*/) {
  return !static_cast<const exec::Budget*>(budget)->out_of_time();
}

// The pattern's matcher set to text, stopping with the current query's budget.
icu::RegexMatcher* matcher(CompiledRegex& c, const std::string& text, UErrorCode& status) {
  if (!c.matcher) {
    c.matcher.reset(c.pattern->matcher(status));
    if (U_FAILURE(status)) {
      c.matcher.reset();
      return nullptr;
    }
    c.budget = nullptr;
  }
  const exec::Budget* b = exec::Budget::current();
  if (b != c.budget) {  // none: no callback (the last query's budget may be gone)
    c.matcher->setMatchCallback(b ? match_callback : nullptr, b, status);
    if (U_FAILURE(status)) return nullptr;
    c.budget = b;
  }
  c.text = unicode(text);
  c.matcher->reset(c.text);
  return c.matcher.get();
}

// After a match: a match the callback stopped ends the query (ExecError). Checked whatever
// the status says: replaceAll() calls find() without a status and just stops replacing.
void stop_if_out_of_time() {
  if (const exec::Budget* b = exec::Budget::current()) {
    if (b->out_of_time()) b->check_time();
  }
}

Value fn_regex(Env& env, Args args) {
  if (!is_string_literal(*args[0])) return std::nullopt;
  CompiledRegex* p = pattern_of(env, *args[1], args.size() > 2 ? args[2] : nullptr);
  if (!p) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  icu::RegexMatcher* m = matcher(*p, args[0]->value, status);
  if (!m || U_FAILURE(status)) return std::nullopt;
  bool found = m->find(status);
  stop_if_out_of_time();
  if (U_FAILURE(status)) return std::nullopt;
  return boolean_term(found);
}

// REPLACE(text, pattern, replacement[, flags]): fn:replace; $n names a group in the
// replacement, \$ and \\ escape.
Value fn_replace(Env& env, Args args) {
  if (!is_string_literal(*args[0]) || !is_simple_string(*args[2])) return std::nullopt;
  CompiledRegex* p = pattern_of(env, *args[1], args.size() > 3 ? args[3] : nullptr);
  if (!p) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  icu::RegexMatcher* m = matcher(*p, args[0]->value, status);
  if (!m || U_FAILURE(status)) return std::nullopt;
  icu::UnicodeString out = m->replaceAll(unicode(args[2]->value), status);
  stop_if_out_of_time();
  if (U_FAILURE(status)) return std::nullopt;
  return string_like(utf8(out), *args[0]);
}

}  // namespace

void add_string_functions(BuiltinTable& table) {
  table.emplace("STRLEN", fn_strlen);
  table.emplace("SUBSTR", fn_substr);
  table.emplace("UCASE", fn_ucase);
  table.emplace("LCASE", fn_lcase);
  table.emplace("STRSTARTS", fn_strstarts);
  table.emplace("STRENDS", fn_strends);
  table.emplace("CONTAINS", fn_contains);
  table.emplace("STRBEFORE", fn_strbefore);
  table.emplace("STRAFTER", fn_strafter);
  table.emplace("ENCODE_FOR_URI", fn_encode_for_uri);
  table.emplace("CONCAT", fn_concat);
  table.emplace("LANGMATCHES", fn_langmatches);
  table.emplace("REGEX", fn_regex);
  table.emplace("REPLACE", fn_replace);
}

}  // namespace annals::query::expr
