#pragma once
// A throwaway PostgreSQL 15 server for the tests of one test binary, from Debian's programs: created in a
// fresh folder on first use, listening on a free loopback port (and a socket in that folder), stopped and
// deleted at exit. Tests share it and each takes a database of its own, so they stay independent.
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace huddle::test {

class PostgresInstance {
 public:
  // The binary's server, started on first use; null when PostgreSQL's programs are not installed (missing()
  // says what). Throws std::runtime_error, with the server's log, when they are but it does not start.
  static PostgresInstance* shared();
  static std::string missing();

  ~PostgresInstance();
  PostgresInstance(const PostgresInstance&) = delete;
  PostgresInstance& operator=(const PostgresInstance&) = delete;

  // A new empty database (UTF8, as the journal wants); returns its name.
  std::string create_database();
  void drop_database(const std::string& name);
  // The libpq URI of a database, connecting as the server's superuser.
  std::string uri(const std::string& database) const;
  // Runs `sql` (with $1... bound to `params`) in the database as the superuser and returns the first column
  // of each row: for tests to look at, or tamper with, what a journal stored. Throws on an error.
  std::vector<std::string> query(const std::string& database, const std::string& sql,
                                 std::initializer_list<std::string> params = {});
  // Every byte in the database's files, after a checkpoint wrote out what the server held in memory: what
  // someone who reads the disk could find. (The write-ahead log is not included.)
  std::string files_of(const std::string& database);
  // Stops the server, dropping every connection, and starts it again on the same port.
  void restart();

 private:
  PostgresInstance();
  void start();
  // Runs a PostgreSQL program (as the postgres user when we are root: initdb and postgres refuse root), its
  // output going to the folder's log; throws with the log's end when it fails.
  void run(std::vector<std::string> argv) const;

  std::filesystem::path dir_;
  std::filesystem::path data_;
  unsigned short port_ = 0;
  int databases_ = 0;
};

}  // namespace huddle::test

// In a test or its SetUp: skips it when PostgreSQL's programs are missing, with a message saying how to get
// them, or fails it when the CI variable is set (CI must run these tests).
#define HUDDLE_REQUIRE_POSTGRES()                                                                        \
  do {                                                                                                   \
    if (!::huddle::test::PostgresInstance::shared()) {                                                   \
      const std::string why_ = ::huddle::test::PostgresInstance::missing();                              \
      if (std::getenv("CI")) GTEST_FAIL() << why_ << " (CI must run this: scripts/setup.sh test)";       \
      GTEST_SKIP() << why_ << ": run scripts/setup.sh test";                                             \
    }                                                                                                    \
  } while (false)
