#include "store/postgres_journal.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <string_view>

#include "store/event_json.hpp"

namespace huddle::store {

namespace {

// Bumped when the table layout changes; a database from a newer Huddle is refused rather than misread.
constexpr int schema_version = 1;
// Events for_each reads per query: a few hundred KB of memory, a few milliseconds of other sessions'
// writes waiting for the connection.
constexpr std::size_t read_chunk_events = 1000;
// How often appends measure the events table against the size cap: the measure is a round trip to the
// server, which appends under load should not pay each time.
constexpr auto size_check_interval = std::chrono::seconds(1);
// VACUUM FULL queues for a lock that excludes every reader and writer of the table; should some other
// client hold the table that long, the scrub gives up (and says so) rather than stall every node behind it.
constexpr const char* scrub_lock_timeout = "SET lock_timeout = '5s'";

// The tables, created in one transaction under an advisory lock so that two nodes starting at once do not
// both try. Advisory locks of the journal use 1215652964 ("Hudd") as their first key. `fence` is the lease
// token a row was written under (0: written by a journal that never claimed the session).
constexpr const char* create_tables =
    "SET client_min_messages = warning;"  // no NOTICE on stderr for each table that exists already
    "BEGIN;"
    "SELECT pg_advisory_xact_lock(1215652964, 0);"
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS events (session TEXT NOT NULL, seq BIGINT NOT NULL, fence BIGINT NOT NULL DEFAULT 0,"
    " body TEXT NOT NULL, PRIMARY KEY (session, seq));"
    "CREATE TABLE IF NOT EXISTS fences (session TEXT PRIMARY KEY, token BIGINT NOT NULL);"
    "INSERT INTO meta (key, value) VALUES ('schema', '1') ON CONFLICT (key) DO NOTHING;"
    "COMMIT";
static_assert(schema_version == 1, "create_tables writes the version");

struct Prepared {
  const char* name;
  const char* sql;
};
// Every statement the journal sends with data in it, prepared on each connection: parameters are sent apart
// from the SQL, never spliced into it. Preparing them also checks, at start, that the tables have the
// columns this layout uses.
constexpr Prepared statements[] = {
    // Taken by each append, first thing in its savepoint: the session's advisory lock, shared (appends of
    // one session are serialised by the journal anyway), so that a rewrite or remove on another node, which
    // takes it alone, never has an append land between its read and its write; and the session's lease
    // token, share-locked so that a higher claim waits until this transaction is over.
    {"guard",
     "SELECT pg_advisory_xact_lock_shared(1215652964, hashtext($1)),"
     " (SELECT token FROM fences WHERE session = $1 FOR SHARE)"},
    {"guard_alone",
     "SELECT pg_advisory_xact_lock(1215652964, hashtext($1)),"
     " (SELECT token FROM fences WHERE session = $1 FOR SHARE)"},
    // A request's events as one JSON array parameter, numbered on from the session's last: one round trip
    // however many events. A json (not jsonb) element's text is exactly the text it was given.
    {"insert",
     "INSERT INTO events (session, seq, fence, body)"
     " SELECT $1, last.seq + e.ord, $2, e.value::text"
     " FROM (SELECT COALESCE(MAX(seq), 0) AS seq FROM events WHERE session = $1) AS last,"
     " json_array_elements($3::json) WITH ORDINALITY AS e(value, ord)"},
    {"read", "SELECT seq, body FROM events WHERE session = $1 AND seq >= $2 ORDER BY seq LIMIT $3"},
    {"history", "SELECT body FROM events WHERE session = $1 ORDER BY seq"},
    {"erase", "DELETE FROM events WHERE session = $1"},
    {"sessions", "SELECT DISTINCT session FROM events"},
    {"contains", "SELECT 1 FROM events WHERE session = $1 LIMIT 1"},
    // A token not lower than the stored one takes the session (the same token again is the same holder);
    // a lower one returns no row.
    {"claim",
     "INSERT INTO fences (session, token) VALUES ($1, $2) ON CONFLICT (session)"
     " DO UPDATE SET token = EXCLUDED.token WHERE fences.token <= EXCLUDED.token RETURNING token"},
    {"size", "SELECT pg_total_relation_size('events')"},
};

// Frees a result however the scope is left.
struct Result {
  PGresult* res;
  explicit Result(PGresult* result) : res(result) {}
  ~Result() { PQclear(res); }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  bool ok() const {
    const auto status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  }
};

Result run(PGconn* conn, const char* statement, std::initializer_list<const char*> params) {
  return Result(PQexecPrepared(conn, statement, static_cast<int>(params.size()), params.begin(), nullptr, nullptr,
                               /*resultFormat=*/0));
}

// The server's or libpq's reason, on one line.
std::string message(PGconn* conn, const PGresult* res) {
  const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string text = primary ? primary : (conn ? PQerrorMessage(conn) : "out of memory");
  for (char& c : text) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

std::error_code pg_error(PGconn* conn, const PGresult* res) {
  if (PQstatus(conn) != CONNECTION_OK) return std::make_error_code(std::errc::not_connected);
  // SQLSTATE classes map onto the errno a caller can show, as SqliteJournal's errors do.
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string_view code = state ? state : "";
  if (code.starts_with("08") || code.starts_with("57P")) return std::make_error_code(std::errc::not_connected);
  if (code == "53100") return std::make_error_code(std::errc::no_space_on_device);
  if (code == "53200") return std::make_error_code(std::errc::not_enough_memory);
  if (code.starts_with("53") || code.starts_with("40") || code == "55P03") {
    return std::make_error_code(std::errc::device_or_resource_busy);
  }
  if (code == "42501") return std::make_error_code(std::errc::permission_denied);
  if (code == "25006") return std::make_error_code(std::errc::read_only_file_system);
  return std::make_error_code(std::errc::io_error);
}

}  // namespace

PostgresJournal::PostgresJournal(const std::string& uri, Durability durability) : durability_(durability) {
  // Defaults the URI may override (libpq keeps the last value of a keyword, and dbname, expanded into the
  // URI's own parameters, comes last): a server that does not answer fails a connection within seconds
  // instead of hanging it, a server gone silent (a cut network) is found out by TCP keepalives within about
  // half a minute rather than the kernel's quarter of an hour, and the connection is named in
  // pg_stat_activity.
  const char* const keys[] = {"connect_timeout", "keepalives_idle", "keepalives_interval", "keepalives_count",
                              "tcp_user_timeout", "application_name", "dbname", nullptr};
  const char* const values[] = {"10", "10", "5", "3", "30000", "huddle", uri.c_str(), nullptr};
  conn_ = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  const auto give_up = [&](const std::string& why) {
    const std::string where = describe();
    PQfinish(conn_);
    conn_ = nullptr;
    throw JournalError("the PostgreSQL journal " + where + " " + why);
  };
  if (PQstatus(conn_) != CONNECTION_OK) give_up("cannot be reached: " + message(conn_, nullptr));
  if (const char* encoding = PQparameterStatus(conn_, "server_encoding"); !encoding || std::string_view(encoding) != "UTF8") {
    give_up("cannot be used: its database's encoding is not UTF8 (create it with ENCODING 'UTF8')");
  }
  if (Result created(PQexec(conn_, create_tables)); !created.ok()) {
    give_up("cannot be used (" + message(conn_, created.res) + "): its tables could not be created, or are not Huddle's");
  }
  {
    Result version(PQexec(conn_, "SELECT value FROM meta WHERE key = 'schema'"));
    const int stored = version.ok() && PQntuples(version.res) == 1 ? std::atoi(PQgetvalue(version.res, 0, 0)) : -1;
    if (stored != schema_version) {
      give_up("has layout version " + std::to_string(stored) + "; this server reads version " +
              std::to_string(schema_version) + ".");
    }
  }
  {
    // scrub() runs VACUUM FULL, which PostgreSQL skips with a mere warning for a role that does not own the
    // table: then deleted sessions would stay in the table's free space, so refuse now rather than then.
    Result owner(PQexec(conn_, "SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = 'events'::regclass"));
    if (!owner.ok() || PQntuples(owner.res) != 1 || std::string_view(PQgetvalue(owner.res, 0, 0)) != "t") {
      give_up("cannot be used: its table events belongs to a role this one cannot act for, so deleted sessions "
              "could not be scrubbed from it (VACUUM FULL); connect as its owner");
    }
  }
  if (const std::string why = configure(); !why.empty()) {
    give_up("cannot be used (" + why + "): its tables are not in the layout this server writes (version " +
            std::to_string(schema_version) + ")");
  }
  configured_ = true;
}

PostgresJournal::~PostgresJournal() { PQfinish(conn_); }

std::string PostgresJournal::configure() {
  const char* commit = durability_ == Durability::full ? "SET synchronous_commit = on" : "SET synchronous_commit = off";
  // DEALLOCATE ALL first: a configure() that failed halfway on this connection left some statements prepared.
  for (const char* setting : {"DEALLOCATE ALL", "SET client_min_messages = warning", commit}) {
    if (Result set(PQexec(conn_, setting)); !set.ok()) return message(conn_, set.res);
  }
  if (PQsetClientEncoding(conn_, "UTF8") != 0) return message(conn_, nullptr);
  for (const auto& statement : statements) {
    if (Result prepared(PQprepare(conn_, statement.name, statement.sql, 0, nullptr)); !prepared.ok()) {
      return message(conn_, prepared.res);
    }
  }
  return "";
}

std::string PostgresJournal::describe() const {
  // The password is left out: this goes into logs.
  auto part = [&](char* (*get)(const PGconn*)) {
    const char* text = conn_ ? get(conn_) : nullptr;
    return std::string(text && *text ? text : "?");
  };
  return "postgresql://" + part(PQuser) + "@" + part(PQhost) + ":" + part(PQport) + "/" + part(PQdb);
}

bool PostgresJournal::lost() const { return PQstatus(conn_) != CONNECTION_OK; }

std::error_code PostgresJournal::connection() {
  if (lost()) {
    configured_ = false;
    PQreset(conn_);
    if (lost()) return std::make_error_code(std::errc::not_connected);
  }
  if (!configured_) {
    if (!configure().empty()) return lost() ? std::make_error_code(std::errc::not_connected) : std::make_error_code(std::errc::io_error);
    configured_ = true;
  }
  // A transaction some earlier failure left open would swallow this call's work.
  if (PQtransactionStatus(conn_) != PQTRANS_IDLE) rollback_quietly();
  return {};
}

void PostgresJournal::rollback_quietly() {
  if (!lost() && PQtransactionStatus(conn_) != PQTRANS_IDLE) PQclear(PQexec(conn_, "ROLLBACK"));
}

pg_result* PostgresJournal::run_retried(const char* statement, std::initializer_list<const char*> params) {
  // Only for statements that may run twice to the same effect (reads, claims): a connection that died while
  // idle (PostgreSQL restarted) is only found out when used, and then the statement is sent again on a new one.
  for (int attempt = 0;; ++attempt) {
    if (connection()) {
      if (attempt == 1 || !lost()) return nullptr;
      continue;
    }
    PGresult* res = PQexecPrepared(conn_, statement, static_cast<int>(params.size()), params.begin(), nullptr, nullptr, 0);
    const auto status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || !lost() || attempt == 1) return res;
    PQclear(res);
  }
}

std::error_code PostgresJournal::begin() {
  // Retried once on a new connection, for the reason run_retried() is: nothing was sent yet that could have
  // been stored.
  for (int attempt = 0;; ++attempt) {
    if (auto ec = connection()) {
      if (attempt == 1 || !lost()) return ec;
      continue;
    }
    Result begun(PQexec(conn_, "BEGIN"));
    if (begun.ok()) return {};
    if (attempt == 1 || !lost()) return pg_error(conn_, begun.res);
  }
}

std::uint64_t PostgresJournal::own_token(const std::string& session_code) const {
  const auto claimed = claims_.find(session_code);
  return claimed == claims_.end() ? 0 : claimed->second;
}

std::error_code PostgresJournal::append(const std::string& session_code, const std::vector<core::Event>& events) {
  // Group commit (group_commit.hpp): one round trip and commit for all that queued meanwhile; a savepoint
  // per request, so one refused request (fenced, say) does not fail the others.
  return group_.append(session_code, events, [this](const GroupCommit::Batch& batch) { commit_batch(batch); });
}

void PostgresJournal::commit_batch(const std::vector<Pending*>& batch) {
  std::lock_guard lock(mutex_);
  auto fail_all = [&](std::error_code ec) {
    for (Pending* p : batch) p->result = ec;
    rollback_quietly();
  };
  // The leader must hand every request back whatever happens, or its followers wait for ever: nothing may
  // escape from here.
  try {
    if (over_size_limit()) return fail_all(std::make_error_code(std::errc::no_space_on_device));
    if (auto ec = begin()) return fail_all(ec);
    for (Pending* p : batch) p->result = append_one(*p->session_code, *p->events);
    if (PQtransactionStatus(conn_) != PQTRANS_INTRANS) {
      // The connection was lost, or the transaction failed as a whole: the appends that had succeeded before
      // are gone too, and must not be acknowledged.
      std::error_code first = lost() ? std::make_error_code(std::errc::not_connected) : std::make_error_code(std::errc::io_error);
      for (Pending* p : batch) {
        if (p->result) {
          first = p->result;
          break;
        }
      }
      return fail_all(first);
    }
    Result commit(PQexec(conn_, "COMMIT"));
    if (!commit.ok()) return fail_all(pg_error(conn_, commit.res));
    // PostgreSQL answers COMMIT of a failed transaction with ROLLBACK, not an error.
    if (std::string_view(PQcmdStatus(commit.res)) != "COMMIT") return fail_all(std::make_error_code(std::errc::io_error));
  } catch (const std::exception&) {
    fail_all(std::make_error_code(std::errc::io_error));
  }
}

std::error_code PostgresJournal::append_one(const std::string& session_code, const std::vector<core::Event>& events) {
  if (Result savepoint(PQexec(conn_, "SAVEPOINT request")); !savepoint.ok()) return pg_error(conn_, savepoint.res);
  std::error_code ec = check_fence("guard", session_code);
  if (!ec) ec = insert(session_code, events);
  Result end(PQexec(conn_, ec ? "ROLLBACK TO SAVEPOINT request; RELEASE SAVEPOINT request" : "RELEASE SAVEPOINT request"));
  if (!ec && !end.ok()) ec = pg_error(conn_, end.res);
  return ec;
}

std::error_code PostgresJournal::check_fence(const char* lock_statement, const std::string& session_code) {
  Result guard(run(conn_, lock_statement, {session_code.c_str()}));
  if (!guard.ok()) return pg_error(conn_, guard.res);
  const auto claimed = claims_.find(session_code);
  // Never claimed by this journal: a single node writes it, and there is nothing to fence.
  if (claimed == claims_.end()) return {};
  if (PQgetisnull(guard.res, 0, 1) || std::string_view(PQgetvalue(guard.res, 0, 1)) != std::to_string(claimed->second)) {
    return fenced();
  }
  return {};
}

std::error_code PostgresJournal::insert(const std::string& session_code, const std::vector<core::Event>& events) {
  std::string bodies;
  try {
    bodies = "[";
    for (const auto& event : events) {
      if (bodies.size() > 1) bodies += ',';
      bodies += event_to_json(event).dump();
    }
    bodies += ']';
  } catch (const std::exception&) {
    return std::make_error_code(std::errc::invalid_argument);  // text that is not UTF-8 cannot be stored
  }
  const std::string token = std::to_string(own_token(session_code));
  Result inserted(run(conn_, "insert", {session_code.c_str(), token.c_str(), bodies.c_str()}));
  return inserted.ok() ? std::error_code{} : pg_error(conn_, inserted.res);
}

void PostgresJournal::for_each(const std::string& session_code, const EventVisitor& visit) {
  // In chunks, as SqliteJournal::for_each: the connection is held while a chunk is read, not while the
  // caller replays it, and memory holds one chunk, not the history.
  struct Row {
    core::Event event;
    std::size_t bytes;
  };
  std::vector<Row> chunk;
  long long expected = 1;
  const std::string limit = std::to_string(read_chunk_events);
  for (bool more = true; more;) {
    chunk.clear();
    {
      std::lock_guard lock(mutex_);
      const std::string from = std::to_string(expected);
      Result rows(run_retried("read", {session_code.c_str(), from.c_str(), limit.c_str()}));
      if (!rows.ok()) {
        throw JournalError("reading session " + session_code + " from " + describe() + ": " + message(conn_, rows.res));
      }
      const int count = PQntuples(rows.res);
      for (int i = 0; i < count; ++i) {
        if (std::strtoll(PQgetvalue(rows.res, i, 0), nullptr, 10) != expected++) {
          throw JournalError("session " + session_code + " in " + describe() + " has a gap in its events");
        }
        const char* text = PQgetvalue(rows.res, i, 1);
        const auto bytes = static_cast<std::size_t>(PQgetlength(rows.res, i, 1));
        auto body = nlohmann::json::parse(text, text + bytes, nullptr, /*allow_exceptions=*/false);
        if (body.is_discarded()) throw JournalError("session " + session_code + " has an unreadable event");
        chunk.push_back({event_from_json(body), bytes});
      }
      more = static_cast<std::size_t>(count) == read_chunk_events;
    }
    for (auto& row : chunk) visit(std::move(row.event), row.bytes);
  }
}

std::vector<std::string> PostgresJournal::sessions() {
  std::lock_guard lock(mutex_);
  Result rows(run_retried("sessions", {}));
  if (!rows.ok()) throw JournalError("cannot list the sessions in " + describe() + ": " + message(conn_, rows.res));
  std::vector<std::string> codes;
  for (int i = 0; i < PQntuples(rows.res); ++i) codes.emplace_back(PQgetvalue(rows.res, i, 0));
  // In byte order, as SQLite returns them, whatever the database's collation.
  std::sort(codes.begin(), codes.end());
  return codes;
}

bool PostgresJournal::contains(const std::string& session_code) {
  std::lock_guard lock(mutex_);
  Result any(run_retried("contains", {session_code.c_str()}));
  // Unanswered is not "no": a cluster node would tell people their live session does not exist.
  if (!any.ok()) throw JournalError("cannot ask the journal whether session " + session_code + " exists: " + PQerrorMessage(conn_));
  return PQntuples(any.res) > 0;
}

std::error_code PostgresJournal::claim(const std::string& session_code, std::uint64_t token) {
  if (token > static_cast<std::uint64_t>(std::numeric_limits<long long>::max())) {
    return std::make_error_code(std::errc::value_too_large);  // a BIGINT holds it no more
  }
  std::lock_guard lock(mutex_);
  // Remembered even when the claim is refused or unanswered: a node whose claim did not take must not go on
  // writing the session unchecked.
  claims_[session_code] = token;
  const std::string text = std::to_string(token);
  Result claimed(run_retried("claim", {session_code.c_str(), text.c_str()}));
  if (!claimed.ok()) return pg_error(conn_, claimed.res);
  return PQntuples(claimed.res) == 1 ? std::error_code{} : fenced();
}

std::error_code PostgresJournal::remove(const std::string& session_code) {
  std::lock_guard lock(mutex_);
  if (auto ec = begin()) return ec;
  auto fail = [&](std::error_code ec) {
    rollback_quietly();
    return ec;
  };
  // Alone on the session (no append of another node lands meanwhile) and still its lease holder.
  if (auto ec = check_fence("guard_alone", session_code)) return fail(ec);
  Result erase(run(conn_, "erase", {session_code.c_str()}));
  if (!erase.ok()) return fail(pg_error(conn_, erase.res));
  if (Result commit(PQexec(conn_, "COMMIT")); !commit.ok()) return fail(pg_error(conn_, commit.res));
  // The fences row stays: it holds no content, and a lease token must never go back down. Nothing deleted,
  // nothing to scrub: removing a session twice does not rewrite the table twice.
  return std::string_view(PQcmdTuples(erase.res)) == "0" ? std::error_code{} : scrub();
}

std::error_code PostgresJournal::rewrite(const std::string& session_code, const Edit& edit) {
  std::lock_guard lock(mutex_);
  if (auto ec = begin()) return ec;
  auto fail = [&](std::error_code ec) {
    rollback_quietly();
    return ec;
  };
  // The advisory lock alone, held to COMMIT: no append, from this node or another, lands between the read
  // and the write.
  if (auto ec = check_fence("guard_alone", session_code)) return fail(ec);
  std::optional<std::vector<core::Event>> edited;
  try {
    std::vector<core::Event> history;
    Result rows(run(conn_, "history", {session_code.c_str()}));
    if (!rows.ok()) return fail(pg_error(conn_, rows.res));
    for (int i = 0; i < PQntuples(rows.res); ++i) {
      const char* text = PQgetvalue(rows.res, i, 0);
      auto body = nlohmann::json::parse(text, text + PQgetlength(rows.res, i, 0), nullptr, /*allow_exceptions=*/false);
      if (body.is_discarded()) return fail(std::make_error_code(std::errc::io_error));
      history.push_back(event_from_json(body));
    }
    edited = edit(history);
  } catch (const std::exception&) {
    return fail(std::make_error_code(std::errc::io_error));
  }
  if (!edited) return fail({});
  if (Result erase(run(conn_, "erase", {session_code.c_str()})); !erase.ok()) return fail(pg_error(conn_, erase.res));
  // Numbered again from 1 (the insert numbers on from what is left, which is nothing): for_each insists on a
  // history without gaps.
  if (auto ec = insert(session_code, *edited)) return fail(ec);
  if (Result commit(PQexec(conn_, "COMMIT")); !commit.ok()) return fail(pg_error(conn_, commit.res));
  return scrub();
}

std::error_code PostgresJournal::scrub() {
  // What "cannot be read back afterwards" takes in PostgreSQL. DELETE only marks rows dead; plain VACUUM
  // frees their space for reuse but leaves their bytes in the table's pages (measured: every deleted row was
  // still in the heap file after DELETE, VACUUM and CHECKPOINT; journal_contract_test looks for them).
  // VACUUM FULL copies the live rows into new files and drops the old ones, so no file of the table, its
  // TOAST or its index holds the deleted rows. The price: it locks the whole events table while it copies
  // it, during which every session's appends wait. Measured on the 2-core development machine under load:
  // 0.24 s at 100,000 events (27 MB), 2.6-3.1 s at 1,000,000 (266 MB), against 1-13 ms for plain VACUUM.
  // Removals and rewrites are rare (retention, a poll made anonymous), so the promise is kept and the price
  // paid; hash-partitioning the table by session would divide it by the number of partitions.
  // Not covered: PostgreSQL's write-ahead log (and any WAL archive, replica or backup) keeps the rows until
  // it is recycled or expires, which the database's operator configures.
  if (Result set(PQexec(conn_, scrub_lock_timeout)); !set.ok()) return pg_error(conn_, set.res);
  Result vacuum(PQexec(conn_, "VACUUM FULL events"));
  PQclear(PQexec(conn_, "RESET lock_timeout"));
  next_size_check_ = {};  // the table shrank: measure it again at the next append
  return vacuum.ok() ? std::error_code{} : pg_error(conn_, vacuum.res);
}

bool PostgresJournal::over_size_limit() {
  if (size_limit_ == 0) return false;
  const auto now = std::chrono::steady_clock::now();
  if (now >= next_size_check_) {
    Result size(run_retried("size", {}));
    // Unmeasured (connection lost): the last answer stands, and BEGIN reports the connection.
    if (size.ok() && PQntuples(size.res) == 1) {
      over_limit_ = std::strtoull(PQgetvalue(size.res, 0, 0), nullptr, 10) > size_limit_;
      next_size_check_ = now + size_check_interval;
    }
  }
  return over_limit_;
}

void PostgresJournal::set_size_limit(std::uint64_t bytes) {
  std::lock_guard lock(mutex_);
  size_limit_ = bytes;
  over_limit_ = false;
  next_size_check_ = {};  // measured at the next append, against the new cap
}

}  // namespace huddle::store
