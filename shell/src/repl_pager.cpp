// The REPL's pager: a stream buffer that counts the lines of a statement's output and, past
// the terminal's height, starts $PAGER (`sh -c`, as git and psql run it) and pipes everything
// to it. Ctrl-C (or the pager quitting) stops the output; the shell then restores the
// terminal's settings, which a pager killed mid-page leaves raw.
#include "repl_pager.hpp"

#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string_view>

namespace annals::cli::repl {

namespace {

std::size_t terminal_rows() {
  winsize ws{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) return ws.ws_row;
  if (const char* lines = std::getenv("LINES"); lines && std::atoi(lines) > 0) {
    return static_cast<std::size_t>(std::atoi(lines));
  }
  return 24;
}

// $PAGER, else `less -FRSX` when less is installed; empty for no pager.
std::string pager_command() {
  if (const char* pager = std::getenv("PAGER"); pager) return pager;
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/bin:/bin";
  while (!dirs.empty()) {
    const std::string_view dir = dirs.substr(0, dirs.find(':'));
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::path(dir) / "less", ec)) return "less -FRSX";
    dirs.remove_prefix(std::min(dirs.size(), dir.size() + 1));
  }
  return {};
}

}  // namespace

PagedOutput::PagedOutput(const std::atomic<bool>* cancel)
    : cancel_(cancel), rows_(terminal_rows()) {}

PagedOutput::~PagedOutput() { finish(); }

int PagedOutput::overflow(int c) {
  if (c == traits_type::eof()) return traits_type::not_eof(c);
  const char ch = static_cast<char>(c);
  return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
}

std::streamsize PagedOutput::xsputn(const char* s, std::streamsize n) {
  const auto size = static_cast<std::size_t>(n);
  if (gone_) return 0;
  if (pid_ > 0) return to_pager(s, size) ? n : 0;
  held_.append(s, size);
  lines_ += static_cast<std::size_t>(std::count(s, s + size, '\n'));
  if (lines_ > rows_ && start_pager()) {
    std::string held = std::move(held_);
    held_.clear();
    if (!to_pager(held.data(), held.size())) return 0;
  }
  return n;
}

bool PagedOutput::start_pager() {
  const std::string command = pager_command();
  if (command.empty()) return false;
  int fds[2];
  if (pipe(fds) != 0) return false;
  tcgetattr(STDIN_FILENO, &terminal_);
  std::cout.flush();
  pid_ = fork();
  if (pid_ == 0) {
    dup2(fds[0], STDIN_FILENO);
    close(fds[0]);
    close(fds[1]);
    // A plain command replaces the shell, so that Ctrl-C's SIGTERM reaches the pager itself.
    const bool plain = command.find_first_of("|&;<>()$`\\\"'*?[#~=%\n") == std::string::npos;
    execl("/bin/sh", "sh", "-c", ((plain ? "exec " : "") + command).c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[0]);
  if (pid_ < 0) {
    close(fds[1]);
    return false;
  }
  fd_ = fds[1];
  // A pager that quits early closes the pipe: the write fails (EPIPE) instead of killing us.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &sigpipe_);
  return true;
}

bool PagedOutput::to_pager(const char* s, std::size_t n) {
  while (n > 0 && !gone_) {
    if (cancel_ && cancel_->load()) {
      stop_pager();
      break;
    }
    const ssize_t w = write(fd_, s, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      gone_ = true;
      break;
    }
    s += w;
    n -= static_cast<std::size_t>(w);
  }
  return !gone_;
}

void PagedOutput::stop_pager() {
  gone_ = true;
  if (pid_ > 0) kill(pid_, SIGTERM);
}

void PagedOutput::finish() {
  if (finished_) return;
  finished_ = true;
  if (pid_ <= 0) {
    std::cout << held_ << std::flush;
    return;
  }
  close(fd_);
  for (int status = 0; waitpid(pid_, &status, 0) < 0;) {
    if (errno != EINTR) break;
    if (cancel_ && cancel_->load()) stop_pager();
  }
  tcsetattr(STDIN_FILENO, TCSADRAIN, &terminal_);
  sigaction(SIGPIPE, &sigpipe_, nullptr);
}

}  // namespace annals::cli::repl
