// Term ids: the inline encodings of small values and the dictionary's byte forms.
#include "dict/encoding.hpp"

#include <charconv>
#include <cstdio>

#include "annals/time.hpp"
#include "index/keys.hpp"

namespace annals::store {

namespace {
constexpr std::string_view kXsdDate = "http://www.w3.org/2001/XMLSchema#date";
constexpr std::string_view kXsdGYear = "http://www.w3.org/2001/XMLSchema#gYear";
constexpr std::string_view kXsdGYearMonth = "http://www.w3.org/2001/XMLSchema#gYearMonth";
constexpr std::string_view kXsdDateTime = "http://www.w3.org/2001/XMLSchema#dateTime";

constexpr std::int64_t kMillisPerDay = 86'400'000;

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) if (c < '0' || c > '9') return false;
  return true;
}

std::optional<TermId> lexical_integer_id(std::string_view lex) {
  // Canonical xsd:integer: -?(0|[1-9][0-9]*), and not "-0".
  std::string_view digits = lex.substr(lex.starts_with('-') ? 1 : 0);
  if (!all_digits(digits) || (digits.size() > 1 && digits[0] == '0')) return {};
  if (lex == "-0" || digits.size() > 18) return {};
  std::int64_t v = 0;
  std::from_chars(lex.data(), lex.data() + lex.size(), v);
  return integer_id(v);
}

std::optional<TermId> inline_calendar(std::string_view lex, Precision want, std::uint8_t tag) {
  auto b = parse_date_bound(lex);
  // Only the canonical form inlines: the one to_string gives back.
  if (!b || b->precision != want || to_string(*b) != lex) return {};
  return calendar_id(tag, b->days);
}

// "YYYY-MM-DDThh:mm:ss[.fff][Z]" in canonical form (no trailing zeros in the fraction, at
// most milliseconds, hour below 24, timezone absent or Z).
std::optional<TermId> inline_datetime(std::string_view lex) {
  std::size_t t = lex.find('T');
  if (t == std::string_view::npos) return {};
  auto date = parse_date_bound(lex.substr(0, t));
  if (!date || date->precision != Precision::kDay || to_string(*date) != lex.substr(0, t)) {
    return {};
  }
  std::string_view time = lex.substr(t + 1);
  bool zulu = time.ends_with('Z');
  if (zulu) time.remove_suffix(1);
  if (time.size() < 8 || time[2] != ':' || time[5] != ':') return {};
  auto two = [](std::string_view s, int& out) {
    if (!all_digits(s)) return false;
    out = (s[0] - '0') * 10 + (s[1] - '0');
    return true;
  };
  int h = 0, m = 0, s = 0, ms = 0;
  if (!two(time.substr(0, 2), h) || !two(time.substr(3, 2), m) || !two(time.substr(6, 2), s)) {
    return {};
  }
  if (h > 23 || m > 59 || s > 59) return {};
  std::string_view frac = time.substr(8);
  if (!frac.empty()) {
    if (frac[0] != '.' || frac.size() < 2 || frac.size() > 4 || !all_digits(frac.substr(1)) ||
        frac.back() == '0') {
      return {};
    }
    int scale = 100;
    for (char c : frac.substr(1)) {
      ms += (c - '0') * scale;
      scale /= 10;
    }
  }
  std::int64_t millis = std::int64_t{date->days} * kMillisPerDay +
                        ((h * 60 + m) * 60 + s) * std::int64_t{1000} + ms;
  return datetime_id(millis, zulu);
}

std::string format_datetime(TermId id) {
  const bool zulu = datetime_zulu(id);
  const std::int64_t millis = datetime_millis(id);
  std::int64_t days = millis >= 0 ? millis / kMillisPerDay : -((-millis + kMillisPerDay - 1) / kMillisPerDay);
  std::int64_t in_day = millis - days * kMillisPerDay;
  std::string out = to_string(DateBound{static_cast<std::int32_t>(days), Precision::kDay});
  char buf[32];
  auto secs = in_day / 1000;
  std::snprintf(buf, sizeof buf, "T%02lld:%02lld:%02lld", static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  out += buf;
  if (auto ms = in_day % 1000; ms != 0) {
    std::snprintf(buf, sizeof buf, ".%03lld", static_cast<long long>(ms));
    std::string f = buf;
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  if (zulu) out += 'Z';
  return out;
}
}  // namespace

std::uint8_t dictionary_tag(const Term& t) {
  switch (t.kind) {
    case TermKind::kIri: return kTagIri;
    case TermKind::kBlank: return kTagBlank;
    case TermKind::kLiteral: return kTagLiteral;
    case TermKind::kTriple: return kTagTriple;
  }
  return kTagLiteral;
}

std::optional<TermId> inline_id(const Term& t) {
  if (t.kind != TermKind::kLiteral) return {};
  const std::string& dt = t.datatype;
  if (dt.size() < kXsd.size() || std::string_view(dt).substr(0, kXsd.size()) != kXsd) return {};
  if (dt == kXsdInteger) return lexical_integer_id(t.value);
  if (dt == kXsdBoolean) {
    if (t.value == "true") return boolean_id(true);
    if (t.value == "false") return boolean_id(false);
    return {};
  }
  if (dt == kXsdDate) return inline_calendar(t.value, Precision::kDay, kTagDate);
  if (dt == kXsdGYear) return inline_calendar(t.value, Precision::kYear, kTagGYear);
  if (dt == kXsdGYearMonth) return inline_calendar(t.value, Precision::kMonth, kTagGYearMonth);
  if (dt == kXsdDateTime) return inline_datetime(t.value);
  return {};
}

Term decode_inline(TermId id) {
  auto days = [&] { return calendar_days(id); };
  switch (tag_of(id)) {
    case kTagBoolean:
      return Term::literal(inline_boolean(id) ? "true" : "false", std::string(kXsdBoolean));
    case kTagInteger:
      return Term::literal(std::to_string(annals::inline_integer(id)), std::string(kXsdInteger));
    case kTagDate:
      return Term::literal(to_string(DateBound{days(), Precision::kDay}), std::string(kXsdDate));
    case kTagGYear:
      return Term::literal(to_string(DateBound{days(), Precision::kYear}), std::string(kXsdGYear));
    case kTagGYearMonth:
      return Term::literal(to_string(DateBound{days(), Precision::kMonth}),
                           std::string(kXsdGYearMonth));
    case kTagDateTime: return Term::literal(format_datetime(id), std::string(kXsdDateTime));
    default: return Term::literal("", std::string(kXsdString));
  }
}

// Language tags compare case-insensitively (RDF 1.1 Concepts §3.3: their value space is
// lower case): the store keeps them in lower case, so "a"@en-GB and "a"@en-gb are one term.
void append_lower(std::string& out, std::string_view tag) {
  for (char c : tag) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool serializable(const Term& t) {
  auto clean = [](const std::string& s) { return s.find('\0') == std::string::npos; };
  return !t.is_literal() || (clean(t.datatype) && clean(t.language) && clean(t.direction));
}

void serialize_term(const Term& t, std::string& out) {
  switch (t.kind) {
    case TermKind::kIri: out += 'I'; out += t.value; return;
    case TermKind::kBlank: out += 'B'; out += t.value; return;
    case TermKind::kTriple: return;  // serialize_triple, with ids
    case TermKind::kLiteral:
      if (t.datatype == kXsdString) {
        out += 'S';
      } else if (t.datatype == kRdfLangString) {
        out += 'L';
        append_lower(out, t.language);
        out += '\0';
      } else if (t.datatype == kRdfDirLangString) {
        out += 'R';
        append_lower(out, t.language);
        out += '\0';
        out += t.direction;
        out += '\0';
      } else {
        out += 'D';
        out += t.datatype;
        out += '\0';
      }
      out += t.value;
      return;
  }
}

void serialize_triple(TermId s, TermId p, TermId o, std::string& out) {
  out += 'T';
  put_u64(out, s);
  put_u64(out, p);
  put_u64(out, o);
}

std::optional<Term> deserialize_term(std::string_view b, TermId triple_ids[3]) {
  if (b.empty()) return {};
  char kind = b[0];
  b.remove_prefix(1);
  auto field = [&b](std::string& out) {
    std::size_t z = b.find('\0');
    if (z == std::string_view::npos) return false;
    out.assign(b.substr(0, z));
    b.remove_prefix(z + 1);
    return true;
  };
  Term t;
  switch (kind) {
    case 'I': return Term::iri(std::string(b));
    case 'B': return Term::blank(std::string(b));
    case 'S': return Term::literal(std::string(b));
    case 'L':
      t.kind = TermKind::kLiteral;
      t.datatype = kRdfLangString;
      if (!field(t.language)) return {};
      t.value.assign(b);
      return t;
    case 'R':
      t.kind = TermKind::kLiteral;
      t.datatype = kRdfDirLangString;
      if (!field(t.language) || !field(t.direction)) return {};
      t.value.assign(b);
      return t;
    case 'D':
      t.kind = TermKind::kLiteral;
      if (!field(t.datatype)) return {};
      t.value.assign(b);
      return t;
    case 'T':
      if (b.size() != 24) return {};
      for (int i = 0; i < 3; ++i) triple_ids[i] = get_u64(b.data() + 8 * i);
      t.kind = TermKind::kTriple;
      return t;
    default: return {};
  }
}

}  // namespace annals::store
