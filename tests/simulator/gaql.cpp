// GAQL tokenizer, parser and condition evaluation.
#include "gaql.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace roi::sim::gaql {

namespace {

struct Token {
  enum Kind { Word, String, Number, Symbol, End } kind = End;
  std::string text;
};

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

std::vector<Token> tokenize(std::string_view q) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < q.size()) {
    const auto c = static_cast<unsigned char>(q[i]);
    if (std::isspace(c) != 0) {
      ++i;
    } else if (std::isalpha(c) != 0 || c == '_') {
      const auto start = i;
      while (i < q.size() &&
             (std::isalnum(static_cast<unsigned char>(q[i])) != 0 || q[i] == '_' || q[i] == '.'))
        ++i;
      out.push_back({Token::Word, std::string(q.substr(start, i - start))});
    } else if (std::isdigit(c) != 0 || c == '-') {
      const auto start = i++;
      while (i < q.size() && (std::isdigit(static_cast<unsigned char>(q[i])) != 0 || q[i] == '.'))
        ++i;
      out.push_back({Token::Number, std::string(q.substr(start, i - start))});
    } else if (c == '\'' || c == '"') {
      std::string s;
      ++i;
      bool closed = false;
      while (i < q.size()) {
        if (q[i] == '\\' && i + 1 < q.size()) {
          s.push_back(q[i + 1]);
          i += 2;
        } else if (q[i] == static_cast<char>(c)) {
          closed = true;
          ++i;
          break;
        } else if (q[i] == '\n') {
          throw QueryError{"PROHIBITED_NEWLINE_IN_STRING", "Newlines are not allowed in strings."};
        } else {
          s.push_back(q[i++]);
        }
      }
      if (!closed) throw QueryError{"STRING_NOT_TERMINATED", "A string literal is not terminated."};
      out.push_back({Token::String, s});
    } else if (c == '!' || c == '<' || c == '>' || c == '=') {
      std::string op(1, static_cast<char>(c));
      if (i + 1 < q.size() && q[i + 1] == '=') op.push_back('=');
      i += op.size();
      if (op == "!") throw QueryError{"BAD_SYMBOL", "Invalid symbol '!'."};
      out.push_back({Token::Symbol, op});
    } else if (c == '(' || c == ')' || c == ',') {
      out.push_back({Token::Symbol, std::string(1, static_cast<char>(c))});
      ++i;
    } else {
      throw QueryError{"BAD_SYMBOL",
                       "Invalid symbol '" + std::string(1, static_cast<char>(c)) + "'."};
    }
  }
  out.push_back({Token::End, ""});
  return out;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  Query run() {
    Query q;
    if (!keyword("SELECT"))
      throw QueryError{"EXPECTED_SELECT", "Expected SELECT at the start of the query."};
    do q.select.push_back(field());
    while (symbol(","));
    if (!keyword("FROM"))
      throw QueryError{"EXPECTED_FROM", "Expected FROM after the selected fields."};
    if (peek().kind != Token::Word)
      throw QueryError{"BAD_RESOURCE_TYPE_IN_FROM_CLAUSE", "Expected a resource after FROM."};
    q.from = next().text;
    if (keyword("WHERE")) {
      do q.where.push_back(condition());
      while (keyword("AND"));
    }
    if (keyword("ORDER")) {
      if (!keyword("BY")) throw QueryError{"EXPECTED_BY", "Expected BY after ORDER."};
      do {
        Order o{field(), false};
        if (keyword("DESC"))
          o.descending = true;
        else
          keyword("ASC");
        q.order_by.push_back(o);
      } while (symbol(","));
    }
    if (keyword("LIMIT")) {
      const auto n = next();
      std::int64_t v = 0;
      const auto [end, ec] = std::from_chars(n.text.data(), n.text.data() + n.text.size(), v);
      if (n.kind != Token::Number || ec != std::errc{} || end != n.text.data() + n.text.size()) {
        throw QueryError{"BAD_LIMIT_VALUE", "The LIMIT value is not a number."};
      }
      if (v <= 0) throw QueryError{"LIMIT_VALUE_TOO_LOW", "The LIMIT value must be positive."};
      q.limit = v;
    }
    if (peek().kind != Token::End)
      throw QueryError{"UNEXPECTED_INPUT", "Unexpected input '" + peek().text + "'."};
    return q;
  }

 private:
  const Token& peek() const { return t_[pos_]; }
  Token next() {
    if (t_[pos_].kind == Token::End)
      throw QueryError{"UNEXPECTED_END_OF_QUERY", "Unexpected end of query."};
    return t_[pos_++];
  }
  bool keyword(const char* k) {
    if (peek().kind == Token::Word && upper(peek().text) == k) return ++pos_, true;
    return false;
  }
  bool symbol(const char* s) {
    if (peek().kind == Token::Symbol && peek().text == s) return ++pos_, true;
    return false;
  }
  std::string field() {
    const auto tok = next();
    if (tok.kind != Token::Word || tok.text.find('.') == std::string::npos) {
      throw QueryError{"BAD_FIELD_NAME", "Invalid field name '" + tok.text + "'."};
    }
    return tok.text;
  }
  std::string value() {
    const auto tok = next();
    if (tok.kind == Token::Symbol)
      throw QueryError{"BAD_VALUE", "Expected a value, got '" + tok.text + "'."};
    return tok.text;
  }
  Condition condition() {
    Condition c{field(), "", {}};
    if (peek().kind == Token::Symbol && peek().text != "(" && peek().text != ")" &&
        peek().text != ",") {
      c.op = next().text;
      c.values.push_back(value());
    } else if (keyword("NOT")) {
      if (keyword("IN"))
        c.op = "NOT IN", c.values = list();
      else if (keyword("LIKE"))
        c.op = "NOT LIKE", c.values.push_back(value());
      else
        throw QueryError{"BAD_OPERATOR", "Expected IN or LIKE after NOT."};
    } else if (keyword("IN")) {
      c.op = "IN";
      c.values = list();
    } else if (keyword("LIKE")) {
      c.op = "LIKE";
      c.values.push_back(value());
    } else if (keyword("BETWEEN")) {
      c.op = "BETWEEN";
      c.values.push_back(value());
      if (!keyword("AND")) throw QueryError{"EXPECTED_AND", "Expected AND in BETWEEN."};
      c.values.push_back(value());
    } else if (keyword("DURING")) {
      c.op = "DURING";
      c.values.push_back(value());
    } else {
      throw QueryError{"BAD_OPERATOR", "Invalid operator after '" + c.field + "'."};
    }
    return c;
  }
  std::vector<std::string> list() {
    if (!symbol("(")) throw QueryError{"EXPECTED_LIST", "Expected a list after IN."};
    std::vector<std::string> out;
    if (symbol(")"))
      throw QueryError{"PROHIBITED_EMPTY_LIST_IN_CONDITION", "Empty lists are not allowed."};
    do out.push_back(value());
    while (symbol(","));
    if (!symbol(")")) throw QueryError{"EXPECTED_LIST", "Expected ')' to close the list."};
    return out;
  }

  std::vector<Token> t_;
  std::size_t pos_ = 0;
};

Date checked_date(const std::string& text) {
  const auto d = Date::parse(text);
  if (!d)
    throw QueryError{"INVALID_DATE_FORMAT",
                     "Invalid date literal '" + text + "'; expected YYYY-MM-DD."};
  return *d;
}

DateRange during(const std::string& constant, Date today) {
  const auto c = upper(constant);
  const Date month_start = *Date::parse(today.str().substr(0, 8) + "01");
  if (c == "TODAY") return {today, today};
  if (c == "YESTERDAY") return {today.plus(-1), today.plus(-1)};
  if (c == "LAST_7_DAYS") return {today.plus(-7), today.plus(-1)};
  if (c == "LAST_14_DAYS") return {today.plus(-14), today.plus(-1)};
  if (c == "LAST_30_DAYS") return {today.plus(-30), today.plus(-1)};
  if (c == "THIS_MONTH") return {month_start, today};
  if (c == "LAST_MONTH") {
    const Date prev_end = month_start.plus(-1);
    return {*Date::parse(prev_end.str().substr(0, 8) + "01"), prev_end};
  }
  throw QueryError{"INVALID_VALUE_WITH_DURING_OPERATOR",
                   "Invalid value '" + constant + "' with the DURING operator."};
}

std::string text_of(const Value& v) {
  switch (v.type) {
    case Type::Int64:
      return std::to_string(v.i);
    case Type::Double:
      return std::to_string(v.d);
    case Type::Bool:
      return v.b ? "TRUE" : "FALSE";
    default:
      return v.s;
  }
}

Value literal(const Value& like, const std::string& text) {
  Value v;
  v.type = like.type;
  if (like.type == Type::Int64) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v.i);
    if (ec != std::errc{} || end != text.data() + text.size())
      throw QueryError{"BAD_NUMBER", "Invalid number '" + text + "'."};
  } else if (like.type == Type::Double) {
    v.d = std::strtod(text.c_str(), nullptr);
  } else if (like.type == Type::Bool) {
    v.b = upper(text) == "TRUE";
  } else {
    v.s = text;
  }
  return v;
}

bool like(const std::string& text, const std::string& pattern) {
  // GAQL LIKE: '%' any run, '_' one character; matched case-sensitively.
  std::size_t t = 0;
  std::size_t p = 0;
  std::size_t star = std::string::npos;
  std::size_t mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '_' || pattern[p] == text[t])) {
      ++t, ++p;
    } else if (p < pattern.size() && pattern[p] == '%') {
      star = p++, mark = t;
    } else if (star != std::string::npos) {
      p = star + 1, t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

}  // namespace

Query parse(std::string_view text) { return Parser(tokenize(text)).run(); }

std::optional<DateRange> date_range(const Query& query, const std::string& field, Date today) {
  std::optional<Date> since;
  std::optional<Date> until;
  const auto lower_bound = [&](Date d) { since = since ? std::max(*since, d) : d; };
  const auto upper_bound = [&](Date d) { until = until ? std::min(*until, d) : d; };
  for (const auto& c : query.where) {
    if (c.field != field) continue;
    if (c.op == "BETWEEN") {
      lower_bound(checked_date(c.values[0]));
      upper_bound(checked_date(c.values[1]));
    } else if (c.op == "DURING") {
      const auto r = during(c.values[0], today);
      lower_bound(r.since);
      upper_bound(r.until);
    } else if (c.op == "=") {
      lower_bound(checked_date(c.values[0]));
      upper_bound(checked_date(c.values[0]));
    } else if (c.op == ">=" || c.op == ">") {
      lower_bound(checked_date(c.values[0]).plus(c.op == ">" ? 1 : 0));
    } else if (c.op == "<=" || c.op == "<") {
      upper_bound(checked_date(c.values[0]).plus(c.op == "<" ? -1 : 0));
    } else if (c.op == "IN") {
      Date lo = checked_date(c.values[0]);
      Date hi = lo;
      for (const auto& v : c.values)
        lo = std::min(lo, checked_date(v)), hi = std::max(hi, checked_date(v));
      lower_bound(lo);
      upper_bound(hi);
    }
  }
  if (!since || !until) return std::nullopt;
  return DateRange{*since, *until};
}

int compare(const Value& a, const Value& b) {
  switch (a.type) {
    case Type::Int64:
      return a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
    case Type::Double:
      return a.d < b.d ? -1 : a.d > b.d ? 1 : 0;
    case Type::Bool:
      return static_cast<int>(a.b) - static_cast<int>(b.b);
    default:
      return a.s.compare(b.s) < 0 ? -1 : a.s == b.s ? 0 : 1;
  }
}

bool matches(const Row& row, const Condition& c, Date today) {
  const auto it = row.find(c.field);
  if (it == row.end()) return false;
  const Value& v = it->second;
  if (c.op == "DURING") {
    const auto r = during(c.values[0], today);
    return v.s >= r.since.str() && v.s <= r.until.str();
  }
  if (c.op == "LIKE" || c.op == "NOT LIKE")
    return like(text_of(v), c.values[0]) == (c.op == "LIKE");
  if (c.op == "IN" || c.op == "NOT IN") {
    const bool found = std::any_of(c.values.begin(), c.values.end(), [&](const std::string& s) {
      return compare(v, literal(v, s)) == 0;
    });
    return found == (c.op == "IN");
  }
  if (c.op == "BETWEEN")
    return compare(v, literal(v, c.values[0])) >= 0 && compare(v, literal(v, c.values[1])) <= 0;
  const int cmp = compare(v, literal(v, c.values[0]));
  if (c.op == "=") return cmp == 0;
  if (c.op == "!=") return cmp != 0;
  if (c.op == "<") return cmp < 0;
  if (c.op == "<=") return cmp <= 0;
  if (c.op == ">") return cmp > 0;
  if (c.op == ">=") return cmp >= 0;
  throw QueryError{"BAD_OPERATOR", "Invalid operator '" + c.op + "'."};
}

}  // namespace roi::sim::gaql
