#pragma once
// A live session without sockets, as the hub runs one: a SessionHost on an io_context the test thread runs, fake
// clients, the memory journal, a clock stopped at 5 s. The facilitator who created it is attached.
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/rules.hpp"
#include "hub/secrets.hpp"
#include "hub/session_host.hpp"
#include "store/event_json.hpp"
#include "store/memory_journal.hpp"
#include "support/fake_client.hpp"

namespace huddle::test {

class LiveSessionFixture : public ::testing::Test {
 protected:
  boost::asio::io_context ioc;
  store::MemoryJournal journal;
  // Where the session stores instead of `journal`, when a test sets it before start() (a journal that fails).
  store::Journal* store = nullptr;
  hub::Metrics metrics;
  std::shared_ptr<hub::SessionHost> host;
  std::shared_ptr<FakeClient> facilitator = std::make_shared<FakeClient>();
  std::int64_t next_id = 1;

  // Creates session ABCDEF (facilitator key "the-key") from `scenario`, with `limits` on what it may store.
  void start(std::shared_ptr<const core::Scenario> scenario, hub::StorageLimits limits = {}) {
    auto created = core::create_session("ABCDEF", hub::sha256_hex("the-key"), std::move(scenario), 1000, 1000);
    store::Journal& target = store ? *store : journal;
    target.append("ABCDEF", {created});
    core::SessionState state;
    core::apply(state, created);
    const hub::StorageUse used{1, store::event_to_json(created).dump().size()};
    host = std::make_shared<hub::SessionHost>(ioc.get_executor(), std::move(state), target, ioc.get_executor(), metrics,
                                              [] { return 5000; }, limits, used);
    host->attach_creator(facilitator, protocol::RequestId{next_id++}, "the-key");
    drain();
  }
  // Runs every handler that is ready, without waiting for timers (a phase timer may be armed for minutes).
  void drain() {
    ioc.restart();
    while (ioc.poll() > 0) {
    }
  }
  // Joins on `c` (a new connection unless given) and returns it; its last reply is the join's.
  std::shared_ptr<FakeClient> joined(const std::string& name, std::shared_ptr<FakeClient> c = nullptr) {
    if (!c) c = std::make_shared<FakeClient>();
    host->join(c, protocol::RequestId{next_id++}, name);
    drain();
    return c;
  }
  // Sends a request from `c` and returns its reply.
  nlohmann::json request(const std::shared_ptr<FakeClient>& c, protocol::RequestBody body) {
    host->handle(c, protocol::Request{protocol::RequestId{next_id++}, std::move(body)});
    drain();
    return c->replies.back();
  }
};

}  // namespace huddle::test
