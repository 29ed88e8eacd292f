// ParsedUpdate and the names and summaries of update operations (update.hpp).
#include <sstream>

#include "annals/update.hpp"
#include "ast/parsed_query.hpp"
#include "ast/printer.hpp"

namespace annals {

std::string_view update_kind_name(UpdateKind kind) {
  switch (kind) {
    case UpdateKind::kInsertData:
      return "INSERT DATA";
    case UpdateKind::kDeleteData:
      return "DELETE DATA";
    case UpdateKind::kDeleteWhere:
      return "DELETE WHERE";
    case UpdateKind::kModify:
      return "DELETE/INSERT";
    case UpdateKind::kLoad:
      return "LOAD";
    case UpdateKind::kClear:
      return "CLEAR";
    case UpdateKind::kDrop:
      return "DROP";
    case UpdateKind::kCreate:
      return "CREATE";
    case UpdateKind::kAdd:
      return "ADD";
    case UpdateKind::kMove:
      return "MOVE";
    case UpdateKind::kCopy:
      return "COPY";
  }
  return "?";
}

ParsedUpdate::ParsedUpdate(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ParsedUpdate::ParsedUpdate(ParsedUpdate&&) noexcept = default;
ParsedUpdate& ParsedUpdate::operator=(ParsedUpdate&&) noexcept = default;
ParsedUpdate::~ParsedUpdate() = default;

std::vector<UpdateKind> ParsedUpdate::operations() const {
  std::vector<UpdateKind> out;
  for (const auto& op : impl_->tree.operations) out.push_back(op.kind);
  return out;
}

namespace {

std::string target_string(const query::ast::GraphTarget& t) {
  using Kind = query::ast::GraphTarget::Kind;
  switch (t.kind) {
    case Kind::kGraph:
      return "<" + t.iri.value + ">";
    case Kind::kDefault:
      return "default";
    case Kind::kNamed:
      return "named";
    case Kind::kAll:
      return "all";
  }
  return "?";
}

std::string node_string(const query::ast::Node& n) {
  query::ast::Expr e;
  e.node = n;
  return query::ast::to_sexpr(e);
}

void quads_string(std::ostringstream& out, const char* name,
                  const std::vector<query::ast::QuadPattern>& quads) {
  if (quads.empty()) return;
  out << " (" << name;
  for (const auto& q : quads) {
    out << " (quad " << (q.graph ? node_string(*q.graph) : std::string("default")) << ' '
        << node_string(q.triple.subject) << ' ' << node_string(q.triple.predicate) << ' '
        << node_string(q.triple.object);
    for (const auto& [bound, value] : q.valid) {
      out << " ("
          << (bound == TimeBound::kFrom ? "from"
              : bound == TimeBound::kTo ? "to"
                                        : "in")
          << ' ' << node_string(value) << ')';
    }
    out << ')';
  }
  out << ')';
}

}  // namespace

std::string ParsedUpdate::to_string() const {
  std::ostringstream out;
  for (const auto& op : impl_->tree.operations) {
    out << '(' << update_kind_name(op.kind);
    if (op.silent) out << " silent";
    switch (op.kind) {
      case UpdateKind::kLoad:
        out << " <" << op.source.value << '>';
        if (op.into) out << " into <" << op.into->value << '>';
        break;
      case UpdateKind::kClear:
      case UpdateKind::kDrop:
      case UpdateKind::kCreate:
        out << ' ' << target_string(op.target);
        break;
      case UpdateKind::kAdd:
      case UpdateKind::kMove:
      case UpdateKind::kCopy:
        out << ' ' << target_string(op.target) << ' ' << target_string(op.destination);
        break;
      default:
        if (op.with) out << " (with <" << op.with->value << ">)";
        quads_string(out, "delete", op.remove);
        quads_string(out, "insert", op.insert);
        if (op.where && op.kind == UpdateKind::kModify) out << " (where ...)";
    }
    out << ")\n";
  }
  return out.str();
}

std::string UpdateResult::describe() const {
  std::string out;
  for (const auto& op : operations) {
    if (!out.empty()) out += "; ";
    out += update_kind_name(op.kind);
    std::string counts;
    if (op.added) counts += "+" + std::to_string(op.added);
    if (op.retracted) counts += (counts.empty() ? "-" : " -") + std::to_string(op.retracted);
    if (!counts.empty()) out += " (" + counts + ")";
  }
  return out.empty() ? "nothing" : out;
}

}  // namespace annals
