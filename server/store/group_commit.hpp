#pragma once
// Group commit, shared by the journals: whoever finds no commit running becomes the leader and stores every
// append queued so far in one transaction (one disk flush, one round trip); the others wait for it. Under
// load many requests share a commit; alone, an append is one transaction. The journal's commit function
// keeps each request all-or-nothing (a savepoint each) and sets each one's result.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <system_error>
#include <vector>

#include "core/event.hpp"

namespace huddle::store {

class GroupCommit {
 public:
  struct Pending {
    const std::string* session_code;
    const std::vector<core::Event>* events;
    std::error_code result;
    bool done;
  };
  using Batch = std::vector<Pending*>;

  // Blocks until `events` were committed (or refused) in some batch; returns their result.
  std::error_code append(const std::string& session_code, const std::vector<core::Event>& events,
                         const std::function<void(const Batch&)>& commit) {
    Pending mine{&session_code, &events, {}, false};
    std::unique_lock lock(mutex_);
    queue_.push_back(&mine);
    while (!mine.done) {
      if (committing_) {
        changed_.wait(lock);
        continue;
      }
      committing_ = true;
      Batch batch;
      batch.swap(queue_);
      lock.unlock();
      commit(batch);
      lock.lock();
      committing_ = false;
      for (Pending* p : batch) p->done = true;
      changed_.notify_all();
    }
    return mine.result;
  }

 private:
  std::mutex mutex_;  // guards queue_ and committing_
  std::condition_variable changed_;
  Batch queue_;  // appends waiting for the next commit
  bool committing_ = false;
};

}  // namespace huddle::store
