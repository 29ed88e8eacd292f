// The REPL's output of one statement at a terminal: held until it is longer than the terminal
// is high, then piped through $PAGER (default `less -FRSX`); short output goes to stdout.
#pragma once

#include <sys/types.h>
#include <termios.h>

#include <atomic>
#include <csignal>
#include <streambuf>
#include <string>

namespace annals::cli::repl {

class PagedOutput : public std::streambuf {
 public:
  // cancel: set by Ctrl-C, which also ends the pager (less stays up on Ctrl-C otherwise).
  explicit PagedOutput(const std::atomic<bool>* cancel);
  PagedOutput(const PagedOutput&) = delete;
  PagedOutput& operator=(const PagedOutput&) = delete;
  ~PagedOutput() override;

  // Writes what is held to stdout, or waits for the pager to end; the terminal as it was.
  void finish();

 protected:
  int overflow(int c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;

 private:
  bool start_pager();
  // Writes to the pager; false once it is gone (quit early, or Ctrl-C).
  bool to_pager(const char* s, std::size_t n);
  void stop_pager();

  const std::atomic<bool>* cancel_;
  std::size_t rows_;
  std::size_t lines_ = 0;
  std::string held_;
  pid_t pid_ = -1;
  int fd_ = -1;
  bool gone_ = false;
  bool finished_ = false;
  termios terminal_{};
  struct sigaction sigpipe_ {};
};

}  // namespace annals::cli::repl
