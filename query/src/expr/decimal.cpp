// Decimal: the scaled big integer behind xsd:decimal and xsd:integer values.
#include "expr/decimal.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace annals::query::expr {

namespace {

BigInt pow10(unsigned n) { return boost::multiprecision::pow(BigInt(10), n); }

// a and b brought to one scale: their units, and the scale.
struct Aligned {
  BigInt a, b;
  unsigned scale;
};
Aligned align(const BigInt& ua, unsigned sa, const BigInt& ub, unsigned sb) {
  if (sa == sb) return {ua, ub, sa};
  if (sa < sb) return {ua * pow10(sb - sa), ub, sb};
  return {ua, ub * pow10(sa - sb), sa};
}

// Floor division of integers (C++'s / truncates).
BigInt floor_div(const BigInt& n, const BigInt& d) {
  BigInt q = n / d;
  if ((n % d != 0) && ((n < 0) != (d < 0))) q -= 1;
  return q;
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view s, bool integer_only) {
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  std::string digits;
  unsigned scale = 0;
  bool point = false, any = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      digits += c;
      any = true;
      if (point) ++scale;
    } else if (c == '.' && !point && !integer_only) {
      point = true;
    } else {
      return std::nullopt;
    }
  }
  if (!any) return std::nullopt;
  // Boost reads a leading 0 as octal ("05002" would be 2562, "008" an error): drop them.
  const std::size_t first = std::min(digits.find_first_not_of('0'), digits.size() - 1);
  BigInt units(digits.substr(first));
  return Decimal(negative ? BigInt(-units) : units, scale);
}

std::optional<Decimal> Decimal::from_double(double d) {
  if (!std::isfinite(d)) return std::nullopt;
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view text(buf, static_cast<std::size_t>(r.ptr - buf));
  std::size_t e = text.find('e');
  auto m = parse(text.substr(0, e));
  if (!m) return std::nullopt;
  int exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
  if (exponent < 0) return Decimal(m->units_, m->scale_ + static_cast<unsigned>(-exponent));
  auto up = static_cast<unsigned>(exponent);
  if (m->scale_ >= up) return Decimal(m->units_, m->scale_ - up).normalized();
  return Decimal(m->units_ * pow10(up - m->scale_), 0);
}

Decimal Decimal::normalized() const {
  BigInt u = units_;
  unsigned s = scale_;
  while (s > 0 && u % 10 == 0) {
    u /= 10;
    --s;
  }
  return Decimal(std::move(u), s);
}

std::string Decimal::to_plain_string() const {
  Decimal n = normalized();
  BigInt magnitude = n.units_ < 0 ? BigInt(-n.units_) : n.units_;
  std::string digits = magnitude.str();
  if (digits.size() <= n.scale_) digits.insert(0, n.scale_ - digits.size() + 1, '0');
  std::string out = n.units_ < 0 ? "-" : "";
  if (n.scale_ == 0) return out + digits;
  out += digits.substr(0, digits.size() - n.scale_);
  out += '.';
  out += digits.substr(digits.size() - n.scale_);
  return out;
}

std::string Decimal::to_string() const {
  std::string s = to_plain_string();
  if (s.find('.') == std::string::npos) s += ".0";
  return s;
}

std::string Decimal::to_integer_string() const { return trunc().units_.str(); }

double Decimal::to_double() const { return std::strtod(to_plain_string().c_str(), nullptr); }

std::optional<std::int64_t> Decimal::to_int64() const {
  if (!is_integer()) return std::nullopt;
  BigInt v = trunc().units_;
  if (v > BigInt(INT64_MAX) || v < BigInt(INT64_MIN)) return std::nullopt;
  return static_cast<std::int64_t>(v);
}

bool Decimal::is_integer() const { return scale_ == 0 || units_ % pow10(scale_) == 0; }

Decimal operator+(const Decimal& a, const Decimal& b) {
  Aligned x = align(a.units_, a.scale_, b.units_, b.scale_);
  return Decimal(x.a + x.b, x.scale);
}

Decimal operator-(const Decimal& a, const Decimal& b) {
  Aligned x = align(a.units_, a.scale_, b.units_, b.scale_);
  return Decimal(x.a - x.b, x.scale);
}

Decimal operator*(const Decimal& a, const Decimal& b) {
  return Decimal(a.units_ * b.units_, a.scale_ + b.scale_).normalized();
}

std::optional<Decimal> Decimal::divide(const Decimal& a, const Decimal& b) {
  if (b.units_ == 0) return std::nullopt;
  // a/b = (ua * 10^sb) / (ub * 10^sa).
  BigInt n = a.units_ * pow10(b.scale_), d = b.units_ * pow10(a.scale_);
  if (d < 0) {
    n = -n;
    d = -d;
  }
  BigInt g = boost::multiprecision::gcd(n < 0 ? BigInt(-n) : n, d);
  if (g > 1) {
    n /= g;
    d /= g;
  }
  // Terminating exactly when d has no prime factors but 2 and 5.
  BigInt rest = d;
  unsigned twos = 0, fives = 0;
  while (rest % 2 == 0) rest /= 2, ++twos;
  while (rest % 5 == 0) rest /= 5, ++fives;
  if (rest == 1) {
    unsigned k = std::max(twos, fives);
    return Decimal(n * (pow10(k) / d), k).normalized();
  }
  constexpr unsigned kScale = 24;
  return Decimal(floor_div(n * pow10(kScale), d), kScale).normalized();
}

int compare(const Decimal& a, const Decimal& b) {
  Aligned x = align(a.units_, a.scale_, b.units_, b.scale_);
  return x.a < x.b ? -1 : x.a > x.b ? 1 : 0;
}

Decimal Decimal::floor() const { return Decimal(floor_div(units_, pow10(scale_)), 0); }
Decimal Decimal::ceil() const { return Decimal(-floor_div(-units_, pow10(scale_)), 0); }
Decimal Decimal::trunc() const { return Decimal(units_ / pow10(scale_), 0); }
Decimal Decimal::round() const {
  // floor(x + 0.5)
  return (*this + Decimal(BigInt(5), 1)).floor();
}

}  // namespace annals::query::expr
