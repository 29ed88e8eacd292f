// Argument parsing, the store's location and error printing shared by the subcommands.
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <annals/iri.hpp>

#include "cli.hpp"

namespace annals::cli {

int parse_args(const std::string& command, const std::string& usage,
               const po::options_description& opts, const Positionals& positionals,
               const std::vector<std::string>& args, po::variables_map& vm) {
  po::options_description shown = opts;
  shown.add_options()("help,h", "show this help");
  po::options_description all;
  all.add(shown).add(positionals.options);
  auto usage_error = [&](const std::string& message) {
    std::cerr << "annals " << command << ": " << message << "\nusage: annals " << command << ' '
              << usage << "\n(see 'annals " << command << " --help')\n";
    return kExitUsage;
  };
  try {
    po::store(po::command_line_parser(args).options(all).positional(positionals.order).run(), vm);
    if (vm.count("help")) {
      std::cout << "usage: annals " << command << ' ' << usage << "\n\n" << shown << '\n';
      return kExitOk;
    }
    po::notify(vm);
  } catch (const po::required_option& e) {
    std::string name = e.get_option_name();
    while (name.starts_with('-')) name.erase(0, 1);
    if (positionals.options.find_nothrow(name, false) == nullptr) return usage_error(e.what());
    for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return usage_error("missing " + name);
  } catch (const po::error& e) {
    return usage_error(e.what());
  }
  return -1;
}

std::optional<std::string> request_text(const po::variables_map& vm, const std::string& positional,
                                        std::string& source, int& code) {
  const bool given = vm.count(positional) > 0, file = vm.count("file") > 0;
  if (given == file) {
    std::cerr << "annals: " << positional << " takes the " << positional
              << " text, '-' (read from stdin) or -f FILE: one of them\n";
    code = kExitUsage;
    return std::nullopt;
  }
  if (given && vm[positional].as<std::string>() != "-") {
    source = positional;
    return vm[positional].as<std::string>();
  }
  source = vm.count("file") ? vm["file"].as<std::string>() : "-";
  std::ostringstream buf;
  if (source == "-") {
    source = "stdin";
    buf << std::cin.rdbuf();
  } else {
    std::ifstream in(source, std::ios::binary);
    if (!in) {
      code = fail(Status::not_found(source + ": cannot read the file"));
      return std::nullopt;
    }
    buf << in.rdbuf();
  }
  return buf.str();
}

void add_store_option(po::options_description& opts) {
  opts.add_options()("store,s", po::value<std::string>(),
                     "store directory (default: $ANNALS_STORE, else $XDG_DATA_HOME/annals)");
}

std::string store_path(const po::variables_map& vm) {
  if (vm.count("store")) return vm["store"].as<std::string>();
  if (const char* env = std::getenv("ANNALS_STORE"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
    return (std::filesystem::path(xdg) / "annals").string();
  }
  const char* home = std::getenv("HOME");
  return (std::filesystem::path(home && *home ? home : ".") / ".local" / "share" / "annals").string();
}

bool is_default_store(const po::variables_map& vm) {
  const char* env = std::getenv("ANNALS_STORE");
  return !vm.count("store") && !(env && *env);
}

void owner_only_files() { umask(umask(0) | 077); }

std::optional<Store> open_store(const std::string& path, bool read_only, int& exit_code) {
  StoreOptions o;
  o.read_only = read_only;
  return open_store(path, std::move(o), exit_code);
}

std::optional<Store> open_store(const std::string& path, StoreOptions o, int& exit_code) {
  if (!o.read_only) {
    std::error_code ec;
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    owner_only_files();
  }
  auto s = Store::open(path, o);
  if (!s) {
    exit_code = fail_store(s.status());
    return std::nullopt;
  }
  return std::move(s).value();
}

int fail(const Status& status) {
  std::cerr << "annals: " << status.to_string() << '\n';
  return exit_code_for(status.code());
}

int fail_store(const Status& status) {
  std::cerr << "annals: " << status.to_string() << '\n';
  return kExitStore;
}

int fail_output(const std::string& what, std::string reason) {
  const int err = errno;
  if (reason.empty()) reason = err != 0 ? std::strerror(err) : "the write failed";
  std::cerr << "annals: cannot write " << what << ": " << reason << '\n';
  return kExitFailed;
}

int finish_stdout(int code) {
  errno = 0;
  std::cout.flush();
  bool failed = !std::cout;
  failed = std::fflush(stdout) != 0 || failed;
  failed = std::ferror(stdout) != 0 || failed;
  // Closing reports what only close(2) learns (some file systems).
  failed = std::fclose(stdout) != 0 || failed;
  if (!failed || code != kExitOk) return code;
  return fail_output("the output");
}

std::string base_option(const po::variables_map& vm, int& code) {
  if (!vm.count("base")) return {};
  const auto& b = vm["base"].as<std::string>();
  if (!valid_absolute_iri(b)) {
    std::cerr << "annals: --base needs an absolute IRI (with a scheme, like http:, and no space "
                 "or control character), not '"
              << b << "'\n";
    code = kExitUsage;
  }
  return b;
}

void add_limit_options(po::options_description& opts, const char* what) {
  opts.add_options()(
      "timeout", po::value<double>(),
      (std::string("stop the ") + what + " after this many seconds (exit 4)").c_str())(
      "max-memory", po::value<double>(),
      (std::string("stop the ") + what +
       " when what it keeps in memory passes this many MiB (exit 4; default 2048, 0: no limit)")
          .c_str());
}

void add_reading_options(po::options_description& opts) {
  opts.add_options()("union", "the default graph is the union of all graphs (unless the request "
                              "names its dataset); default: the store's rule (annals config)")(
      "no-union", "the default graph is the store's own default graph (the SPARQL standard's)")(
      "no-store-prefixes", "a prefix the text does not declare is an error (strict SPARQL), "
                           "instead of resolving through the store's prefixes");
}

Reading reading_options(const po::variables_map& vm, int& code) {
  Reading r;
  if (vm.count("union") && vm.count("no-union")) {
    std::cerr << "annals: --union and --no-union contradict each other\n";
    code = kExitUsage;
  } else if (vm.count("union") || vm.count("no-union")) {
    r.union_default_graph = vm.count("union") > 0;
  }
  r.store_prefixes = vm.count("no-store-prefixes") == 0;
  return r;
}

std::size_t terminal_columns() {
  winsize ws{};
  if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0) return 0;
  return ws.ws_col;
}

std::vector<Prefix> prefixes_if_any(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return {};
  StoreOptions options;
  options.read_only = true;
  auto store = Store::open(path, options);
  if (!store) return {};
  auto txn = store->read();
  if (!txn) return {};
  auto prefixes = txn->prefixes();
  return prefixes ? std::move(*prefixes) : std::vector<Prefix>{};
}

Limits limit_options(const po::variables_map& vm, int& code) {
  Limits l;
  if (vm.count("timeout")) {
    double s = vm["timeout"].as<double>();
    if (!(s > 0) || s > 1e9) {
      std::cerr << "annals: --timeout takes a positive number of seconds\n";
      code = kExitUsage;
    } else {
      l.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(s * 1000));
    }
  }
  if (vm.count("max-memory")) {
    double mib = vm["max-memory"].as<double>();
    if (!(mib >= 0) || mib > 1e9) {
      std::cerr << "annals: --max-memory takes a number of MiB (0: no limit)\n";
      code = kExitUsage;
    } else {
      l.memory_limit = static_cast<std::size_t>(mib * 1024 * 1024);
    }
  }
  return l;
}

}  // namespace annals::cli
