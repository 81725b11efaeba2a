#include "support/postgres_instance.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>

extern char** environ;

namespace huddle::test {

namespace fs = std::filesystem;

namespace {

const fs::path bin = "/usr/lib/postgresql/15/bin";

std::string contents(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A port nothing listens on now; the server takes it a moment later (start() tries again if someone else
// took it meanwhile).
unsigned short free_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (s < 0 || ::bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(s, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (s >= 0) ::close(s);
    throw std::runtime_error("no free loopback port for PostgreSQL");
  }
  ::close(s);
  return ntohs(address.sin_port);
}

struct Connection {
  PGconn* conn;
  explicit Connection(const std::string& uri) : conn(PQconnectdb(uri.c_str())) {
    if (PQstatus(conn) != CONNECTION_OK) {
      const std::string why = PQerrorMessage(conn);
      PQfinish(conn);
      throw std::runtime_error("cannot connect to the test PostgreSQL: " + why);
    }
  }
  ~Connection() { PQfinish(conn); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
};

}  // namespace

std::string PostgresInstance::missing() {
  for (const char* program : {"initdb", "pg_ctl", "postgres"}) {
    if (::access((bin / program).c_str(), X_OK) != 0) return "PostgreSQL 15 is not installed (no " + (bin / program).string() + ")";
  }
  if (::geteuid() == 0 && (!::getpwnam("postgres") || ::access("/usr/sbin/runuser", X_OK) != 0)) {
    return "running as root, PostgreSQL needs the postgres user and runuser to run as";
  }
  return "";
}

PostgresInstance* PostgresInstance::shared() {
  if (!missing().empty()) return nullptr;
  // Stopped, and its folder deleted, when the test binary exits.
  static std::unique_ptr<PostgresInstance> instance(new PostgresInstance());
  return instance.get();
}

PostgresInstance::PostgresInstance() {
  std::string pattern = (fs::temp_directory_path() / "huddle-pg-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create a folder for PostgreSQL");
  dir_ = pattern;
  data_ = dir_ / "data";
  if (::geteuid() == 0) {
    const passwd* user = ::getpwnam("postgres");
    if (::chown(dir_.c_str(), user->pw_uid, user->pw_gid) != 0) throw std::runtime_error("cannot hand " + dir_.string() + " to postgres");
  }
  try {
    // No fsync while initdb writes the template databases: a test server need not survive a power cut.
    run({(bin / "initdb").string(), "-D", data_.string(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C",
         "--no-sync"});
    start();
  } catch (...) {
    fs::remove_all(dir_);
    throw;
  }
}

PostgresInstance::~PostgresInstance() {
  try {
    run({(bin / "pg_ctl").string(), "-D", data_.string(), "-m", "immediate", "-w", "stop"});
  } catch (const std::exception&) {
    // Already stopped: nothing to do but remove the folder.
  }
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

void PostgresInstance::start() {
  for (int attempt = 0;; ++attempt) {
    port_ = free_port();
    // Appended settings win over earlier ones, so a retry on another port just adds lines.
    std::ofstream(data_ / "postgresql.conf", std::ios::app)
        << "listen_addresses = '127.0.0.1'\nport = " << port_ << "\nunix_socket_directories = '" << dir_.string()
        << "'\nshared_buffers = 32MB\n";  // a test server, on a machine shared with builds
    try {
      run({(bin / "pg_ctl").string(), "-D", data_.string(), "-l", (dir_ / "server.log").string(), "-w", "-t", "60", "start"});
      return;
    } catch (const std::runtime_error&) {
      if (attempt == 2) throw;
    }
  }
}

void PostgresInstance::restart() {
  run({(bin / "pg_ctl").string(), "-D", data_.string(), "-l", (dir_ / "server.log").string(), "-m", "fast", "-w", "-t",
       "60", "restart"});
}

void PostgresInstance::run(std::vector<std::string> argv) const {
  const std::string program = fs::path(argv.at(0)).filename().string();
  if (::geteuid() == 0) argv.insert(argv.begin(), {"/usr/sbin/runuser", "-u", "postgres", "--"});
  std::vector<char*> args;
  for (auto& arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  const std::string log = (dir_ / "commands.log").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  if (spawned != 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string tail = contents(log) + contents(dir_ / "server.log");
    if (tail.size() > 3000) tail = tail.substr(tail.size() - 3000);
    throw std::runtime_error(program + " failed:\n" + tail);
  }
}

std::string PostgresInstance::uri(const std::string& database) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string PostgresInstance::create_database() {
  const std::string name = "huddle_test_" + std::to_string(++databases_);
  query("postgres", "CREATE DATABASE " + name);  // a name of ours, not a test's input
  return name;
}

void PostgresInstance::drop_database(const std::string& name) {
  query("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
}

std::vector<std::string> PostgresInstance::query(const std::string& database, const std::string& sql,
                                                 std::initializer_list<std::string> params) {
  Connection c(uri(database));
  std::vector<const char*> values;
  for (const auto& param : params) values.push_back(param.c_str());
  PGresult* res = PQexecParams(c.conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                               nullptr, 0);
  const auto status = PQresultStatus(res);
  std::vector<std::string> rows;
  if (status == PGRES_TUPLES_OK) {
    for (int i = 0; i < PQntuples(res); ++i) rows.emplace_back(PQgetvalue(res, i, 0));
  }
  const std::string why = PQerrorMessage(c.conn);
  PQclear(res);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) throw std::runtime_error(sql + ": " + why);
  return rows;
}

std::string PostgresInstance::files_of(const std::string& database) {
  query(database, "CHECKPOINT");
  const auto oid = query("postgres", "SELECT oid FROM pg_database WHERE datname = $1", {database});
  if (oid.size() != 1) throw std::runtime_error("no database " + database);
  std::string bytes;
  for (const auto& entry : fs::directory_iterator(data_ / "base" / oid[0])) {
    if (entry.is_regular_file()) bytes += contents(entry.path());
  }
  return bytes;
}

}  // namespace huddle::test
