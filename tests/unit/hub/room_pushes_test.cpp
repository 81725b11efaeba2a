// Who gets a new `room` push when something changes in one breakout room: that room's members, and nobody
// else (issue 19: every room-local change used to re-render every participant's room view). And the
// participant-to-room index stays true when the facilitator moves people.
#include <map>

#include <gtest/gtest.h>

#include "support/fake_client.hpp"
#include "support/live_session_fixture.hpp"
#include "support/test_scenario.hpp"

namespace huddle::hub {
namespace {

using test::FakeClient;

class RoomPushes : public test::LiveSessionFixture {
 protected:
  void SetUp() override {
    start(test::roleplay_scenario());
    for (int i = 0; i < 12; ++i) people.push_back(joined("Person " + std::to_string(i)));
    EXPECT_EQ(request(facilitator, protocol::PhaseGoto{3})["type"], "ack");
    EXPECT_EQ(request(facilitator, protocol::BreakoutForm{})["type"], "ack");
    EXPECT_EQ(request(facilitator, protocol::BreakoutStart{})["type"], "ack");
    for (const auto& p : people) rooms[room_of(p)].push_back(p);
  }
  static int room_of(const std::shared_ptr<FakeClient>& p) {
    const auto room = p->latest(Topic::room)["data"]["room"];
    return room.is_null() ? 0 : room["number"].get<int>();
  }
  std::map<const FakeClient*, std::size_t> room_pushes() const {
    std::map<const FakeClient*, std::size_t> out;
    for (const auto& p : people) out[p.get()] = p->pushes_of(Topic::room).size();
    return out;
  }
  // Room views that arrived since `before`: the clients that got one.
  std::vector<const FakeClient*> pushed_since(const std::map<const FakeClient*, std::size_t>& before) const {
    std::vector<const FakeClient*> out;
    for (const auto& p : people) {
      if (p->pushes_of(Topic::room).size() > before.at(p.get())) out.push_back(p.get());
    }
    return out;
  }
  std::vector<const FakeClient*> members(int room) const {
    std::vector<const FakeClient*> out;
    for (const auto& p : rooms.at(room)) out.push_back(p.get());
    return out;
  }
  std::vector<std::shared_ptr<FakeClient>> people;
  std::map<int, std::vector<std::shared_ptr<FakeClient>>> rooms;  // by room number
};

TEST_F(RoomPushes, AHelpRequestReachesItsOwnRoomAndTheFacilitatorOnly) {
  ASSERT_EQ(rooms.size(), 4u) << "twelve people in rooms of three";
  const auto before = room_pushes();
  const auto asker = rooms.at(2).front();
  ASSERT_EQ(request(asker, protocol::BreakoutHelp{})["type"], "ack");
  EXPECT_EQ(pushed_since(before), members(2));
  for (const auto& p : rooms.at(2)) EXPECT_TRUE(p->latest(Topic::room)["data"]["room"]["help"]);
  EXPECT_TRUE(facilitator->latest(Topic::console)["data"]["breakouts"]["rooms"][1]["help"]);

  const auto cleared_before = room_pushes();
  ASSERT_EQ(request(facilitator, protocol::BreakoutHelpClear{2})["type"], "ack");
  EXPECT_EQ(pushed_since(cleared_before), members(2));
  EXPECT_FALSE(asker->latest(Topic::room)["data"]["room"]["help"]);
}

TEST_F(RoomPushes, AnObserversNotesReachTheirRoomOnly) {
  std::shared_ptr<FakeClient> observer;
  int room = 0;
  for (const auto& [number, in_room] : rooms) {
    for (const auto& p : in_room) {
      if (p->latest(Topic::room)["data"]["room"]["role"]["id"] == "observer") observer = p, room = number;
    }
  }
  ASSERT_TRUE(observer);
  const auto before = room_pushes();
  ASSERT_EQ(request(observer, protocol::BreakoutChecklist{1, {0}, "Asked first, then listened."})["type"], "ack");
  EXPECT_EQ(pushed_since(before), members(room));
  for (const auto& p : rooms.at(room)) {
    EXPECT_EQ(p->latest(Topic::room)["data"]["room"]["observations"][0]["note"], "Asked first, then listened.");
  }
}

TEST_F(RoomPushes, MoreTimeForOneRoomReachesThatRoomAndForEveryRoomReachesEveryone) {
  const auto before = room_pushes();
  ASSERT_EQ(request(facilitator, protocol::BreakoutTime{60, 3})["type"], "ack");
  EXPECT_EQ(pushed_since(before), members(3));
  const auto all_before = room_pushes();
  ASSERT_EQ(request(facilitator, protocol::BreakoutTime{60, 0})["type"], "ack");
  EXPECT_EQ(pushed_since(all_before).size(), people.size());
}

TEST_F(RoomPushes, SomeoneMovedIsInTheirNewRoomAndGoneFromTheOld) {
  const auto mover = rooms.at(1).front();
  const std::string id = mover->replies.front()["result"]["participantId"];
  ASSERT_EQ(request(facilitator, protocol::BreakoutMove{id, 4})["type"], "ack");
  EXPECT_EQ(room_of(mover), 4);
  EXPECT_EQ(mover->latest(Topic::room)["data"]["room"]["members"].size(), 4u);
  for (const auto& p : rooms.at(1)) {
    if (p == mover) continue;
    EXPECT_EQ(p->latest(Topic::room)["data"]["room"]["members"].size(), 2u);
  }
  // Its new room's help request now reaches the mover too, and the old room's no longer does.
  const auto before = room_pushes();
  ASSERT_EQ(request(rooms.at(4).front(), protocol::BreakoutHelp{})["type"], "ack");
  auto expected = members(4);
  expected.push_back(mover.get());
  std::sort(expected.begin(), expected.end());
  auto got = pushed_since(before);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, expected);
  // Out of every room: no room view at all.
  ASSERT_EQ(request(facilitator, protocol::BreakoutMove{id, 0})["type"], "ack");
  EXPECT_TRUE(mover->latest(Topic::room)["data"]["room"].is_null());
}

}  // namespace
}  // namespace huddle::hub
