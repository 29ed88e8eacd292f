// `annals shell` (and `annals` with no command): opens the store read-only and reads
// statements from a terminal (libedit: line editing, persistent history, prompts) or, when
// stdin is not a terminal, runs them as a script that stops at the first error.
#include "repl.hpp"

#include <editline/readline.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <clocale>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "cli.hpp"

namespace annals::cli {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_repl_interrupt(int) { g_interrupted.store(true); }

// SIGINT sets the flag without restarting the interrupted read: a query sees it through
// QueryOptions::cancel, and readline() at the prompt returns so the line can be dropped.
void catch_interrupts() {
  struct sigaction sa {};
  sa.sa_handler = on_repl_interrupt;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  sigaction(SIGINT, &sa, nullptr);
}

// The rest of a UTF-8 sequence that began with `lead`, as one code point: libedit's readline
// layer takes what rl_getc_function returns as a whole character. A bad sequence: the lead byte.
int utf8_key(unsigned char lead) {
  const int more = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  int code = lead & (0x3F >> more);
  for (int i = 0; i < more; ++i) {
    unsigned char c = 0;
    pollfd p{STDIN_FILENO, POLLIN, 0};
    if (poll(&p, 1, 100) != 1 || read(STDIN_FILENO, &c, 1) != 1 || (c & 0xC0) != 0x80) {
      return lead;
    }
    code = (code << 6) | (c & 0x3F);
  }
  return code;
}

// libedit reads keys through this. SIGINT stays blocked while the prompt waits and ppoll
// unblocks it only while waiting, so a Ctrl-C is never lost between a check of the flag and
// the read; an interrupt reads as the end of input, and the caller looks at the flag.
extern "C" int read_key(FILE*) {
  sigset_t waiting;
  pthread_sigmask(SIG_SETMASK, nullptr, &waiting);
  sigdelset(&waiting, SIGINT);
  for (;;) {
    if (g_interrupted.load()) return EOF;
    pollfd p{STDIN_FILENO, POLLIN, 0};
    if (ppoll(&p, 1, nullptr, &waiting) < 0) {
      if (errno == EINTR) continue;
      return EOF;
    }
    unsigned char c = 0;
    const ssize_t n = read(STDIN_FILENO, &c, 1);
    if (n == 1) return c < 0x80 ? c : utf8_key(c);
    if (n == 0 || errno != EINTR) return EOF;
  }
}

// readline() with SIGINT blocked but for read_key's waits. Empty when Ctrl-C or Ctrl-D ended
// it (g_interrupted tells which).
std::optional<std::string> read_line(const std::string& prompt) {
  sigset_t sigint, before;
  sigemptyset(&sigint);
  sigaddset(&sigint, SIGINT);
  pthread_sigmask(SIG_BLOCK, &sigint, &before);
  g_interrupted.store(false);
  char* raw = readline(prompt.c_str());
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
  std::optional<std::string> line;
  if (raw && !g_interrupted.load()) line = raw;
  std::free(raw);
  return line;
}

// A multi-line statement on one line, for the history; empty when a comment would swallow the
// rest of it.
std::string one_line(std::string statement) {
  if (statement.find('#') != std::string::npos) return {};
  std::replace(statement.begin(), statement.end(), '\n', ' ');
  while (!statement.empty() && statement.back() == ' ') statement.pop_back();
  return statement;
}

// $XDG_STATE_HOME/annals/history, else ~/.local/state/annals/history.
std::string history_path() {
  namespace fs = std::filesystem;
  fs::path dir;
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg) {
    dir = fs::path(xdg) / "annals";
  } else {
    const char* home = std::getenv("HOME");
    dir = fs::path(home && *home ? home : ".") / ".local" / "state" / "annals";
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  return (dir / "history").string();
}

int run_script(repl::Session& session) {
  repl::StatementBuffer buffer;
  std::uint64_t line_no = 0;
  auto run_one = [&] {
    const std::uint64_t first = buffer.first_line();
    Status st = session.run(buffer.take());
    return st ? kExitOk : fail(repl::in_source(st, "stdin", first));
  };
  for (std::string line; !session.quit() && std::getline(std::cin, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!buffer.add(line, ++line_no)) continue;
    if (int rc = run_one(); rc != kExitOk) return rc;
  }
  if (!buffer.empty() && !session.quit()) return run_one();
  return kExitOk;
}

// The continuation prompt, as wide as the prompt: "   ...> " under "annals> ".
std::string continuation(const std::string& prompt) {
  return std::string(prompt.size() > 5 ? prompt.size() - 5 : 0, ' ') + "...> ";
}

repl::Session* g_session = nullptr;

// Tab (libedit's readline layer binds ^I to its completion, which calls this): the session's
// candidates for the word before the cursor; the longest common start goes in on the first
// Tab, a second Tab lists them. File names after .load, .read and .output.
char** complete_word(const char* word, int start, int) {
  // libedit counts `start` in characters: the bytes before the word are as many code points.
  std::size_t bytes = 0;
  for (int chars = 0; rl_line_buffer[bytes] && chars < start; ++chars) {
    do ++bytes;
    while ((rl_line_buffer[bytes] & 0xC0) == 0x80);
  }
  const std::string_view before(rl_line_buffer, bytes);
  const std::size_t first = before.find_first_not_of(" \t");
  const std::string_view command = first == std::string_view::npos ? "" : before.substr(first);
  for (std::string_view files : {".load ", ".read ", ".output "}) {
    if (command.starts_with(files)) {
      rl_attempted_completion_over = 0;
      return nullptr;
    }
  }
  rl_attempted_completion_over = 1;
  static std::vector<std::string> found;
  found = g_session->complete(before, word);
  // No space after a prefix ("demo:"): the local name comes next.
  rl_completion_append_character = found.size() == 1 && found[0].ends_with(':') ? '\0' : ' ';
  if (found.empty()) return nullptr;
  return rl_completion_matches(word, [](const char*, int state) -> char* {
    const auto i = static_cast<std::size_t>(state);
    return i < found.size() ? strdup(found[i].c_str()) : nullptr;
  });
}

int run_terminal(repl::Session& session) {
  const std::string history = history_path();
  rl_catch_signals = 0;
  rl_getc_function = read_key;
  // libedit's wide characters to and from UTF-8, which the REPL reads whatever the locale says.
  if (!std::setlocale(LC_CTYPE, "") || MB_CUR_MAX == 1) std::setlocale(LC_CTYPE, "C.UTF-8");
  g_session = &session;
  session.set_interactive();
  rl_attempted_completion_function = complete_word;
  // '?' and ':' stay inside a word (variables, prefixed names), '.' too (dot-commands).
  static char breaks[] = " \t\n\"\\'`@$><=;|&{}(),";
  rl_basic_word_break_characters = breaks;
  rl_completer_word_break_characters = breaks;
  using_history();
  stifle_history(2000);
  read_history(history.c_str());
  std::cout << "annals " << ANNALS_VERSION << " — " << session.banner() << '\n';
  repl::StatementBuffer buffer;
  std::uint64_t line_no = 0;
  while (!session.quit()) {
    const std::string prompt = session.prompt();
    auto read = read_line(buffer.empty() ? prompt : continuation(prompt));
    if (!read) {
      if (!g_interrupted.load()) break;  // Ctrl-D
      buffer.clear();                    // Ctrl-C at the prompt: drop what was typed
      std::cout << '\n';
      continue;
    }
    const std::string& line = *read;
    if (line.find_first_not_of(" \t") != std::string::npos) {
      add_history(line.c_str());
      write_history(history.c_str());
    }
    if (!buffer.add(line, ++line_no)) continue;
    g_interrupted.store(false);
    const bool multi_line = buffer.first_line() != line_no;
    const std::string statement = buffer.take();
    if (Status st = session.run(statement); !st) {
      std::cout.flush();
      std::cerr << (st.code() == StatusCode::kCancelled ? "cancelled" : st.to_string()) << '\n';
      // A multi-line statement that does not parse comes back whole with the up arrow, to
      // edit (libedit cannot put it on the next prompt's line: it clears that line first).
      if (const std::string again = one_line(statement);
          multi_line && !again.empty() && st.code() == StatusCode::kInvalidInput) {
        add_history(again.c_str());
        write_history(history.c_str());
      }
    }
  }
  std::cout << '\n';
  return kExitOk;
}

// Creates a missing store (the default one with the demo graph, docs/DESIGN.md) with a writer
// that is closed again before the session opens the store read-only.
int create_if_missing(const std::string& path, bool with_demo) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return kExitOk;
  int code = kExitOk;
  auto store = open_store(path, false, code);
  if (!store) return code;
  if (with_demo) {
    if (auto r = load_demo(*store); !r) return fail(r.status());
  }
  return kExitOk;
}

}  // namespace

int cmd_shell(const std::vector<std::string>& args) {
  po::options_description opts("options");
  add_store_option(opts);
  po::variables_map vm;
  if (int rc = parse_args("shell", "[--store DIR]", opts, {}, args, vm); rc >= 0) return rc;
  const std::string path = store_path(vm);
  if (int rc = create_if_missing(path, is_default_store(vm)); rc != kExitOk) return rc;
  int code = kExitOk;
  auto store = open_store(path, true, code);
  if (!store) return code;
  catch_interrupts();
  repl::Session session(std::move(*store), &g_interrupted);
  return isatty(STDIN_FILENO) ? run_terminal(session) : run_script(session);
}

}  // namespace annals::cli
