#pragma once
// A journal in a PostgreSQL database, for a cluster (issue 17): several Huddle nodes write one store, and
// the lease fencing tokens (Journal::claim) keep a node that lost a session from writing over its new owner.
// The same promises as SqliteJournal: a request's events are stored all together or not at all, acknowledged
// only after COMMIT returned, and concurrent appends are group-committed (one transaction for all that queued
// while the previous commit ran, a savepoint per request).
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <mutex>
#include <string>

#include "store/durability.hpp"
#include "store/group_commit.hpp"
#include "store/journal.hpp"
#include "store/journal_error.hpp"

struct pg_conn;
struct pg_result;

namespace huddle::store {

class PostgresJournal final : public Journal {
 public:
  // Connects to `uri` (a libpq URI: postgresql://user@host:port/db?...), creates the tables if missing and
  // checks their layout; throws JournalError when the server cannot be reached, the database is not UTF8, or
  // the tables are not this Huddle's layout (a newer one among them). The URI's password, if any, is never
  // part of a message.
  // Durability: full sets synchronous_commit=on (COMMIT returns once the commit is flushed on the database
  // server). fast sets synchronous_commit=off: COMMIT returns once PostgreSQL has the commit in memory and
  // flushes it within a fraction of a second. That keeps fast's promise, which is about a crash of Huddle:
  // the database server keeps running and stores what it acknowledged; only a crash of the database server
  // or its machine can lose the last moments, as a power cut can with SQLite's fast.
  PostgresJournal(const std::string& uri, Durability durability);
  ~PostgresJournal() override;
  PostgresJournal(const PostgresJournal&) = delete;
  PostgresJournal& operator=(const PostgresJournal&) = delete;

  // Never throws. A lost connection (PostgreSQL restarted) fails this call with not_connected or io_error at
  // worst, and the next call connects again. When the connection was lost during COMMIT, whether the events
  // were stored is unknown: the error is returned and the session host reads the journal back (as after any
  // failed append), which settles it.
  std::error_code append(const std::string& session_code, const std::vector<core::Event>& events) override;
  // Throws JournalError when the events cannot be read (connection lost twice in a row, a gap, an unreadable
  // event) and CorruptEvent for an event no session could have written.
  void for_each(const std::string& session_code, const EventVisitor& visit) override;
  // Throws JournalError when the database cannot be reached: recovery must not mistake it for "no sessions".
  std::vector<std::string> sessions() override;
  // False also when the database cannot be reached (after one reconnection): the hub asks while holding its
  // lock and has no way out of an exception, and the append that creates the session fails the same way.
  bool contains(const std::string& session_code) override;
  // Deletes the rows, then rewrites the events table without them (VACUUM FULL; see scrub()).
  std::error_code remove(const std::string& session_code) override;
  std::error_code rewrite(const std::string& session_code, const Edit& edit) override;
  std::error_code claim(const std::string& session_code, std::uint64_t token) override;

  // Caps the events table (rows, their TOAST and indexes: pg_total_relation_size) at about `bytes` (0: no
  // cap). Over the cap, appends fail with no_space_on_device, as SqliteJournal's do at its cap. The size is
  // measured now and then at most once a second, so the table may grow past the cap by what a second of
  // appends writes; a cap is a guard against a flood, not an exact quota.
  void set_size_limit(std::uint64_t bytes);

 private:
  using Pending = GroupCommit::Pending;
  void commit_batch(const std::vector<Pending*>& batch);
  std::error_code append_one(const std::string& session_code, const std::vector<core::Event>& events);
  std::error_code begin();
  std::error_code check_fence(const char* lock_statement, const std::string& session_code);
  std::error_code insert(const std::string& session_code, const std::vector<core::Event>& events);
  std::error_code scrub();
  bool over_size_limit();

  // The connection, set up to be used (settings, prepared statements): reconnects when it was lost. Returns
  // the error that leaves it unusable, or nothing.
  std::error_code connection();
  bool lost() const;
  void rollback_quietly();
  // A prepared statement that may run twice to the same effect, sent again once on a new connection when
  // the first was lost; the caller frees the result (null when no connection could be made).
  pg_result* run_retried(const char* statement, std::initializer_list<const char*> params);
  // Settings and prepared statements of a new connection; the reason they failed, or "".
  std::string configure();
  std::string describe() const;
  std::uint64_t own_token(const std::string& session_code) const;

  Durability durability_;
  std::mutex mutex_;  // one connection; sessions on different strands take turns
  GroupCommit group_;  // concurrent appends share one transaction
  pg_conn* conn_ = nullptr;
  bool configured_ = false;  // the settings and prepared statements of this connection are in place
  std::map<std::string, std::uint64_t> claims_;  // the token this journal last claimed, per session
  std::uint64_t size_limit_ = 0;
  bool over_limit_ = false;
  std::chrono::steady_clock::time_point next_size_check_;
};

}  // namespace huddle::store
