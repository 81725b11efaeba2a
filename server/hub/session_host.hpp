#pragma once
// One live session: its state, owned by one strand, and the connections that follow it. Requests hop onto
// the strand; changes mark topics dirty; one flush per batch serializes each dirty view once and shares the
// bytes with every connection of its audience (so a burst of changes costs one push per connection).
//
// Storing never blocks the strand. A change is applied at once (the next request already sees it) and its
// events join `unsynced_`; one journal write per session is in flight at a time, on the journal threads, and
// it takes everything that piled up meanwhile, so a vote storm costs one fsync per batch, not per vote. What
// people can see of a change waits until it is stored: its ack, the pushes it causes, a close. A push may
// already show changes made while its own were being stored (a crash could still take those back, but
// nobody has an ack for them). If a write fails, the session goes back to what the journal holds and every
// request still waiting hears `unavailable`.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "core/command.hpp"
#include "core/session_state.hpp"
#include "core/topic_changes.hpp"
#include "core/views.hpp"
#include "hub/audience.hpp"
#include "hub/card_writers.hpp"
#include "hub/change_pace.hpp"
#include "hub/client.hpp"
#include "hub/clock.hpp"
#include "hub/console_rooms.hpp"
#include "hub/metrics.hpp"
#include "hub/push_pace.hpp"
#include "hub/recent_replies.hpp"
#include "hub/room_view_text.hpp"
#include "hub/rendered_topic.hpp"
#include "hub/storage_limits.hpp"
#include "hub/storage_quota.hpp"
#include "hub/storage_use.hpp"
#include "huddle/protocol/request.hpp"
#include "store/journal.hpp"

namespace huddle::hub {

class SessionHost : public std::enable_shared_from_this<SessionHost> {
 public:
  using ClientPtr = std::shared_ptr<Client>;

  // `state` is the session as already journaled (created or replayed). Journal writes run on
  // `journal_executor` (threads that may block on fsync), never on the session's strand. `used` is what the
  // journal already holds of it, counted against `limits`.
  SessionHost(boost::asio::any_io_executor executor, core::SessionState state, store::Journal& journal,
              boost::asio::any_io_executor journal_executor, Metrics& metrics, Clock clock,
              StorageLimits limits = {}, StorageUse used = {});

  const std::string& code() const noexcept { return code_; }

  // Each of these may be called from any thread; the work runs on the session's strand and ends in exactly
  // one reply to `client`.
  void attach_creator(ClientPtr client, protocol::RequestId id, std::string facilitator_key);
  // A key or token that does not open this session calls `missed` (on the strand) instead of replying: the
  // hub answers it exactly as it answers a code that opens no session, and charges the address for a guess.
  using Missed = std::function<void()>;
  void attach_facilitator(ClientPtr client, protocol::RequestId id, std::string facilitator_key, Missed missed);
  // The room's screen: the projector code (projector_code.hpp) opens the public topics and nothing else.
  void attach_projector(ClientPtr client, protocol::RequestId id, std::string projector_code, Missed missed);
  // `extra` fields go into the ack besides participantId, name and resumeToken (pod.create adds the code).
  void join(ClientPtr client, protocol::RequestId id, std::string name, nlohmann::json extra = nlohmann::json::object());
  void resume(ClientPtr client, protocol::RequestId id, std::string resume_token, Missed missed);
  // A cohort member (hub/programme_desk.hpp): joins under their enrolled `name` with the resume token the
  // desk derived for them, or, when that token opens a participant here already (another device, a second
  // visit), comes back as that participant, so a member is one person per session. `joined` runs (on the
  // strand) once the join is stored.
  void join_member(ClientPtr client, protocol::RequestId id, std::string name, std::string resume_token,
                   std::function<void()> joined);
  void handle(ClientPtr client, protocol::Request request);  // from a client bound to this session
  void detach(ClientPtr client);                             // the client's connection closed
  // Cluster (hub/cluster.hpp): this node stops running the session (its node drains, or its lease went to
  // another node). Nothing new is taken; once the writes under way are stored or refused, every connection
  // is closed with 1012 so its client reconnects and reaches the session's next node, the session is
  // forgotten here, and `done` runs (on the strand).
  void hand_over(std::function<void()> done = nullptr);
  // Cluster: how many of the session's connections are on this node, and how many reached it from each
  // other node (Client::edge). `done` runs on the strand, and not at all for a session of more than
  // `at_most` participants: that needs no count, and a count walks every connection.
  using ConnectionCounts = std::function<void(std::size_t local, const std::map<std::string, std::size_t>& by_edge)>;
  void count_connections(std::size_t at_most, ConnectionCounts done);
  // Called (on the strand) when the hub should let the session go: `kept` is false once it was deleted, and
  // true for an ended session whose data stays for its report.
  void on_forget(std::function<void(const std::string& code, bool kept)> forget) { forget_ = std::move(forget); }
  // The facilitator key's hash, fixed at creation: any thread.
  const std::string& key_hash() const noexcept { return key_hash_; }
  // The session report, if `facilitator_key` opens this session (see Hub::report); `missed` otherwise.
  void report(std::string facilitator_key, std::function<void(int, nlohmann::json)> done, Missed missed);
  // After a recovery: arms the phase and poll timers from the replayed state (a deadline that passed while
  // the server was down fires at once).
  void resume_timers();

  // Whether the session still runs: not ended, not deleted. Any thread (the hub counts live sessions).
  bool live() const noexcept { return live_.load(std::memory_order_relaxed); }
  // Since when nobody has been connected, as far as this process knows: set at recovery from what the
  // journal says (nobody is connected after a restart), then kept by connections coming and going.
  void set_empty_since(core::Millis since);
  // The hub's sweep (any thread; runs on the strand). With nobody connected: a session nobody ever joined,
  // or a peer pod, is deleted after `abandoned_after` (it holds nothing worth keeping, and a pod's report
  // has no key to open it); any other session ends after `idle_after` and stays for its report. An ended
  // session nobody is connected to is let go by the hub (`forget`), and its report is read from the journal.
  void sweep(core::Millis abandoned_after, core::Millis idle_after);

  // Deletes the session as its facilitator's session.delete does, without a request (its cohort was deleted):
  // after the writes under way, its data goes and everyone connected is closed. `done(false)` if the journal
  // failed (the session then goes on). Any thread; `done` runs on the strand.
  void erase(std::function<void(bool)> done);
 private:
  template <class F>
  void on_strand(F&& f);

  // Applies the events and queues the durable ones for the journal (see the top of this file); `size` is
  // what the durable ones take (stored_size), counted against the quota.
  void commit(const std::vector<core::Event>& events, const StorageUse& size);
  void commit(const std::vector<core::Event>& events);
  // Decides a command for `actor` and commits it; replies with an error and returns false when refused.
  // A change that would store something is refused whole (quota_exceeded) when the session's quota is
  // reached, and (rate_limited) when a participant changes things faster than their pace allows; ending the
  // session, leaving and removing someone are never refused for storage (see exempt_from_quota).
  bool run(const ClientPtr& client, const protocol::RequestId& id, const core::Actor& actor, core::Command command);
  // Runs `done` once every change applied so far is stored (now, if it is); if storing fails, `failed`
  // instead (or `done`, when there is no `failed`), after the session went back to what the journal holds.
  void when_stored(std::function<void()> done, std::function<void()> failed = nullptr);
  // The two ways a request ends, through when_stored(): an ack turns into `unavailable` if its change could
  // not be stored; an error goes out in its turn.
  // `then` runs right after the ack is sent (a close that must follow it), and not if the change failed.
  void ack(const ClientPtr& client, const protocol::RequestId& id, nlohmann::json result = nlohmann::json::object(),
           std::function<void()> then = nullptr);
  void refuse(const ClientPtr& client, const protocol::RequestId& id, protocol::ErrorCode code, std::string message);
  // A resent request (same id and content) gets its remembered ack, and a participant writing faster than
  // `writers` allows hears when they may write again ("One card at a time: ..."). True when either answered.
  bool answered_before_writing(const ClientPtr& client, const protocol::RequestId& id, const std::string& content,
                               const CardWriters& writers, bool paced, std::string_view what);
  void write_unsynced();
  void written(std::uint64_t change, std::error_code ec);
  void go_back_to_stored(const std::error_code& ec);
  // The journal refused a write because a newer lease holder claimed the session (store::fenced()): another
  // node runs it now. Held requests fail, connections close with 1012, the session is forgotten here.
  void fenced_out();
  // Rebuilds state_ from what the journal holds; false (logged) when it cannot be read.
  bool reload_from_journal();
  void retry_reload();
  // Forgets the session here, runs `before_closing`, then closes every connection with 1012.
  void close_for_move(const std::function<void()>& before_closing = nullptr);
  void push_dirty();
  // Joins, leaves and presence changes reach screens at most every core::people_push_interval_ms,
  // votes, cards and "me too"s the activity everyone sees at most every core::counts_push_interval_ms, and
  // what participants change on the facilitator's panel at most every core::console_push_interval_ms.
  void push_paced_when_due();
  PushPace::Wake wake_flush(PushPace SessionHost::*pace);
  // session.delete and erase(): takes nothing new, then, once the writes under way are stored, removes the
  // data; `then(true)` runs before everyone connected is closed, `then(false)` if the journal failed (the
  // session goes on as before).
  void erase_after_writes(std::function<void(bool)> then);
  // Removes the session's data from the journal and lets the hub forget it; false if the journal failed.
  bool erase_everything();
  // run() with the client's own actor, then an empty ack when the command was accepted.
  void run_and_ack(const ClientPtr& client, const protocol::RequestId& id, core::Command command);
  void mark(const core::TopicChanges& changes);
  // Sets the phase timer for the next moment the rules need a Tick (warning, deadline), or cancels it.
  void arm_timer();
  void on_timer();
  void schedule_flush();
  void flush();
  // Renders `data` into `last`: the topic's next version when it differs from what `last` holds, else
  // `last` unchanged, version and all. Returns `last`.
  const RenderedTopic& render(Topic topic, const nlohmann::json& data, RenderedTopic& last);
  // The same for data already serialized (protocol::to_json_text).
  const RenderedTopic& render_text(Topic topic, std::string text, RenderedTopic& last);

  // The facilitator's roster (everyone, written as text) and console (its rooms from console_rooms_).
  const RenderedTopic& render_roster();
  const RenderedTopic& render_console();
  // render() for the shared `activity` topic, with a patch from the version before when that is worth it
  // (core::patch_push_from).
  const RenderedTopic& render_activity(nlohmann::json data);
  // Pushes `rendered` to `client` unless it has that version already; `again` (resync) sends it anyway. A
  // client handed the version the patch starts from gets the patch.
  void send(const ClientPtr& client, Topic topic, const RenderedTopic& rendered, bool again = false);
  // The participants' roster: the facilitator's while it is short, else its first few names (same version).
  void render_participant_roster();
  // Every topic of the client's audience. On joining or attaching, a topic with a push pending is left to
  // that push; `again` (resync) sends every topic now, each at the version the client may already hold.
  void send_snapshots(const ClientPtr& client, bool again = false);
  // On the strand: journals a new participant with `token` as their resume token and replies the ack
  // (with `extra`) once stored; `joined` then runs.
  void add_participant(const ClientPtr& client, const protocol::RequestId& id, const std::string& name,
                       const std::string& token, nlohmann::json extra, std::function<void()> joined);
  void bind_participant(const ClientPtr& client, const std::string& participant_id);
  void unsubscribe(const ClientPtr& client);
  void close_participant(const std::string& participant_id, std::string reason);
  // participant.remove.since: the bulk removal, acked with how many went; their connections close after.
  void remove_joined_since(const ClientPtr& client, const protocol::RequestId& id, const core::Actor& actor,
                           std::int64_t since);
  template <class F>
  void for_each_client(F&& f);

  void delete_session(const ClientPtr& client, const protocol::RequestId& id);
  // projector.link: the facilitator's projector code, derived again from the key they attached with.
  void projector_link(const ClientPtr& client, const protocol::RequestId& id);
  // Polls and cards (session_host_activity.cpp).
  void poll_vote(const ClientPtr& client, const protocol::RequestId& id, const protocol::PollVote& r);
  void poll_withdraw(const ClientPtr& client, const protocol::RequestId& id, const protocol::PollWithdraw& r);
  void poll_control(const ClientPtr& client, const protocol::RequestId& id, const protocol::PollControl& r);
  void poll_quick(const ClientPtr& client, const protocol::RequestId& id, const protocol::PollQuick& r);
  void poll_results(const ClientPtr& client, const protocol::RequestId& id, const protocol::PollResults& r);
  void card_submit(const ClientPtr& client, const protocol::RequestId& id, const protocol::CardSubmit& r);
  void card_vote(const ClientPtr& client, const protocol::RequestId& id, const protocol::CardVote& r);
  void card_moderate(const ClientPtr& client, const protocol::RequestId& id, const protocol::CardModerate& r);
  void card_merge(const ClientPtr& client, const protocol::RequestId& id, const protocol::CardMerge& r);
  void card_release(const ClientPtr& client, const protocol::RequestId& id, const protocol::CardRelease& r);
  void card_group_rename(const ClientPtr& client, const protocol::RequestId& id, const protocol::CardGroupRename& r);
  // Fishbowls (session_host_fishbowl.cpp).
  void fishbowl_tap_in(const ClientPtr& client, const protocol::RequestId& id, const protocol::FishbowlTapIn& r);
  void fishbowl_seat(const ClientPtr& client, const protocol::RequestId& id, const protocol::FishbowlSeat& r);
  void fishbowl_observe(const ClientPtr& client, const protocol::RequestId& id, const protocol::FishbowlObserve& r);
  void fishbowl_surface(const ClientPtr& client, const protocol::RequestId& id, const protocol::FishbowlSurface& r);
  // Anonymous voter keys: a digest of the participant's secret resume token and what they vote on, so the
  // same person has unrelated keys in different polls and sessions, and nobody without the token can say
  // whose key is whose.
  std::string poll_key(const std::string& resume_token, const std::string& poll_id) const;
  // The key this participant votes with in an anonymous poll: poll_key(), or the random key their named
  // ballot got when the poll became anonymous while they were away (away_keys_).
  std::string voter_key(const std::string& participant_id, const std::string& resume_token, const std::string& poll_id) const;
  std::string board_key(const std::string& resume_token, std::optional<int> phase) const;
  core::VoterContext voter_context(const std::string& participant_id) const;
  // A participant's own topics, rendered (see render()).
  const RenderedTopic& me_frame(const std::string& participant_id);
  const RenderedTopic& room_frame(const std::string& participant_id);
  const RenderedTopic& room_frame(const std::string& participant_id, RoomViewText& views);
  // The room views of the members of `rooms_` (or of everyone), rendered and pushed.
  void push_rooms();
  // Whether this participant's room view has a push pending (dirty, not yet flushed).
  bool room_pending(const std::string& participant_id) const;
  // Who counts toward a pen's K right now: a participant with a connection open (card_writers.hpp).
  CardWriters::Present present() const;
  // The sender's list of recent acknowledged requests ("" for the facilitator).
  RecentReplies& recent(const core::Actor& actor);
  std::string digest(std::string_view content) const;

  boost::asio::strand<boost::asio::any_io_executor> strand_;
  const std::string code_;
  const std::string epoch_;  // new for every load of the session, so clients know versions restarted
  core::SessionState state_;
  store::Journal& journal_;
  boost::asio::any_io_executor journal_executor_;
  Metrics& metrics_;
  Clock clock_;

  std::vector<ClientPtr> facilitators_;
  // Projector screens: pushed session and activity only; they do not count as people connected (idle sweep).
  std::vector<ClientPtr> projectors_;
  std::unordered_map<std::string, std::vector<ClientPtr>> participants_;  // participant id -> connections
  Audience audience_;  // all of the above, flat: what session and activity pushes walk
  std::array<std::uint64_t, topic_count> versions_{};  // the last version given out, per topic
  std::array<RenderedTopic, topic_count> latest_{};    // last rendered frame of the shared topics
  nlohmann::json activity_data_;  // the data of latest_[activity], while patches are made (else null)
  ConsoleRooms console_rooms_;    // the console's breakout room entries, as text, built again when changed
  // Each participant's last `me` and `room`, kept while they are in the session (a reconnect finds the
  // version it held), so an unchanged view keeps its version.
  std::unordered_map<std::string, RenderedTopic> me_;
  std::unordered_map<std::string, RenderedTopic> room_;
  core::TopicChanges dirty_;
  std::vector<std::string> dirty_me_;
  bool dirty_every_me_ = false;
  bool dirty_every_room_ = false;  // every participant's breakout room view
  std::vector<int> dirty_rooms_;   // else the room views of these rooms' members (core::TopicChanges::rooms)
  bool flush_scheduled_ = false;
  CardWriters writers_;                                      // memory only; see card_writers.hpp
  CardWriters observers_;  // the same count and pace for fishbowl observations, by the fishbowl's phase
  std::unordered_map<std::string, RecentReplies> recent_;   // by participant id; "" is the facilitator
  // poll id -> participant id -> the random key their named ballot got when the poll became anonymous while
  // they were not connected. Memory only, never journaled, logged or sent: it is the one link between a
  // person and an anonymous ballot, kept so their next vote replaces that ballot (poll.hpp).
  std::unordered_map<std::string, std::map<std::string, std::string>> away_keys_;
  const std::string salt_;                                   // for digests of remembered requests
  StorageLimits limits_;
  StorageQuota quota_;  // what this session has stored (applied, in fact: counted before the write lands)
  ChangePace pace_;     // changes per participant
  std::function<void(const std::string&, bool)> forget_;
  const std::string key_hash_;
  bool deleted_ = false;
  bool deleting_ = false;  // a delete waits for the writes before it; nothing new is taken meanwhile
  bool moving_ = false;    // hand_over() under way: requests are refused until the connections close
  bool reloading_ = false;  // a write failed and the journal could not be read back: refusing until it can
  boost::asio::steady_timer reload_timer_;  // retries that read (retry_reload)
  std::atomic<bool> live_{true};
  core::Millis empty_since_ = 0;  // when the last connection went (meaningful while nobody is connected)

  // Storing (see the top of this file). A "change" is one commit() with durable events.
  struct Held {
    std::uint64_t change;  // runs once this change is stored
    std::function<void()> done;
    std::function<void()> failed;  // if storing failed (null: done)
  };
  std::vector<core::Event> unsynced_;  // applied, not yet handed to a write
  bool writing_ = false;               // a write is in flight
  bool forget_named_ballots_ = false;  // unsynced_ holds a BallotsRekeyed: rewrite the journal after it
  std::uint64_t applied_ = 0;          // changes applied
  std::uint64_t stored_ = 0;           // changes the journal has
  std::deque<Held> held_;              // in change order
  boost::asio::steady_timer timer_;           // runs its handler on strand_
  PushPace people_;  // who is here changed: the roster and the session's counts (core::people_push_interval_ms)
  PushPace counts_;  // votes and cards changed the activity everyone sees (core::counts_push_interval_ms)
  // Participants changed the facilitator's panel (votes, cards, help requests, observers' notes, people
  // coming and going): core::console_push_interval_ms. The facilitator's own commands show at once.
  PushPace console_;
  RenderedTopic participant_roster_;          // the participants' roster last rendered (a preview of the list)
  std::optional<core::Millis> armed_for_;    // the wake-up time timer_ is set for
};

}  // namespace huddle::hub
