// Status formatting and the exit codes the `annals` program uses (DESIGN.md contract).
#include "annals/status.hpp"

namespace annals {

std::string Status::to_string() const {
  if (where_.source.empty() && where_.line == 0) return message_;
  std::string out = where_.source.empty() ? "input" : where_.source;
  if (where_.line > 0) {
    out += ':' + std::to_string(where_.line);
    if (where_.column > 0) out += ':' + std::to_string(where_.column);
  }
  out += ": ";
  out += message_;
  return out;
}

int exit_code_for(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 0;
    case StatusCode::kInvalidInput: return 1;
    case StatusCode::kNotFound: return 1;
    case StatusCode::kStoreLocked:
    case StatusCode::kVersionMismatch:
    case StatusCode::kCorruption:
    case StatusCode::kIoError: return 3;
    case StatusCode::kNotSupported:
    case StatusCode::kFailed:
    case StatusCode::kCancelled: return 4;
  }
  return 4;
}

}  // namespace annals
