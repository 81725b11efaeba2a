// A member's calendar feed as a calendar app reads it: it unfolds the lines, splits each into name,
// parameters and value, and unescapes the text. What comes back must be exactly the sessions and due dates
// that went in, whatever the names and texts hold, and every physical line must be one a strict parser takes.
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/programme/ics_feed.hpp"
#include "core/utf8.hpp"

namespace huddle::core {
namespace {

using namespace std::chrono;

struct Property {
  std::string name;    // "DTSTART"
  std::string params;  // ";VALUE=DATE" or ""
  std::string value;   // unescaped when the test asks
};

// The physical lines, each without its CRLF; fails the test on a bare CR or LF.
std::vector<std::string> physical_lines(const std::string& feed) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at < feed.size()) {
    const auto end = feed.find("\r\n", at);
    if (end == std::string::npos) {
      ADD_FAILURE() << "the feed does not end with CRLF";
      break;
    }
    const std::string physical = feed.substr(at, end - at);
    EXPECT_EQ(physical.find_first_of("\r\n"), std::string::npos) << "a bare line break in: " << physical;
    lines.push_back(physical);
    at = end + 2;
  }
  return lines;
}

// RFC 5545 3.1: a line that begins with a space continues the one before it.
std::vector<Property> parse(const std::string& feed) {
  std::vector<std::string> logical;
  for (const auto& physical : physical_lines(feed)) {
    if (!physical.empty() && physical[0] == ' ' && !logical.empty()) {
      logical.back() += physical.substr(1);
    } else {
      logical.push_back(physical);
    }
  }
  std::vector<Property> properties;
  for (const auto& l : logical) {
    const auto colon = l.find(':');
    const auto semicolon = l.find(';');
    const auto name_end = std::min(colon, semicolon);
    properties.push_back({l.substr(0, name_end), l.substr(name_end, colon - name_end), l.substr(colon + 1)});
  }
  return properties;
}

std::string unescape(const std::string& value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size()) {
      const char next = value[++i];
      out += next == 'n' || next == 'N' ? '\n' : next;
    } else {
      out += value[i];
    }
  }
  return out;
}

// The properties of each VEVENT, by name.
std::vector<std::map<std::string, Property>> events_of(const std::vector<Property>& properties) {
  std::vector<std::map<std::string, Property>> events;
  bool inside = false;
  for (const auto& p : properties) {
    if (p.name == "BEGIN" && p.value == "VEVENT") {
      events.emplace_back();
      inside = true;
    } else if (p.name == "END" && p.value == "VEVENT") {
      inside = false;
    } else if (inside) {
      events.back()[p.name] = p;
    }
  }
  return events;
}

std::string value_of(const std::vector<Property>& properties, const std::string& name) {
  for (const auto& p : properties) {
    if (p.name == name) return p.value;
  }
  return "<missing " + name + ">";
}

Millis utc_ms(year_month_day day, int hour, int minute) {
  return duration_cast<milliseconds>((sys_days{day} + hours{hour} + minutes{minute}).time_since_epoch()).count();
}

IcsCalendar programme_calendar() {
  IcsCalendar calendar;
  calendar.name = "First-time managers, spring cohort";
  calendar.uid_base = "c-7f3a-m-19b2@huddle";
  calendar.generated_at = utc_ms(year{2027} / January / 5, 8, 0);
  IcsEvent session;
  session.uid_suffix = "session-1";
  session.summary = "Session 1: Coaching conversations";
  session.description = "Bring one real situation.\nJoin with your personal link.";
  session.url = "https://huddle.example.org/member.html";
  session.start = utc_ms(year{2027} / January / 12, 9, 30);
  session.duration_minutes = 90;
  IcsEvent task;
  task.uid_suffix = "task-1";
  task.summary = "Due: run one 1:1 with the coaching model";
  task.all_day = year{2027} / January / 19;
  IcsEvent year_end;  // a due date on the last day of a year
  year_end.uid_suffix = "task-2";
  year_end.summary = "Due: reflection";
  year_end.all_day = year{2027} / December / 31;
  calendar.events = {session, task, year_end};
  return calendar;
}

TEST(IcsFeed, ACalendarReadsBackTheSessionsAndDueDatesThatWentIn) {
  const auto properties = parse(ics_feed(programme_calendar()));
  ASSERT_FALSE(properties.empty());
  EXPECT_EQ(properties.front().name + ":" + properties.front().value, "BEGIN:VCALENDAR");
  EXPECT_EQ(properties.back().name + ":" + properties.back().value, "END:VCALENDAR");
  EXPECT_EQ(value_of(properties, "VERSION"), "2.0");
  EXPECT_EQ(value_of(properties, "CALSCALE"), "GREGORIAN");
  EXPECT_EQ(value_of(properties, "METHOD"), "PUBLISH");
  EXPECT_FALSE(value_of(properties, "PRODID").empty());
  EXPECT_EQ(unescape(value_of(properties, "X-WR-CALNAME")), "First-time managers, spring cohort");

  const auto events = events_of(properties);
  ASSERT_EQ(events.size(), 3u);
  const auto& session = events[0];
  EXPECT_EQ(session.at("UID").value, "session-1.c-7f3a-m-19b2@huddle");
  EXPECT_EQ(session.at("DTSTAMP").value, "20270105T080000Z");
  EXPECT_EQ(session.at("DTSTART").params, "");
  EXPECT_EQ(session.at("DTSTART").value, "20270112T093000Z");
  EXPECT_EQ(session.at("DTEND").value, "20270112T110000Z");
  EXPECT_EQ(unescape(session.at("SUMMARY").value), "Session 1: Coaching conversations");
  EXPECT_EQ(unescape(session.at("DESCRIPTION").value), "Bring one real situation.\nJoin with your personal link.");
  EXPECT_EQ(session.at("URL").value, "https://huddle.example.org/member.html");

  const auto& task = events[1];
  EXPECT_EQ(task.at("UID").value, "task-1.c-7f3a-m-19b2@huddle");
  EXPECT_EQ(task.at("DTSTART").params, ";VALUE=DATE");
  EXPECT_EQ(task.at("DTSTART").value, "20270119");
  EXPECT_EQ(task.at("DTEND").params, ";VALUE=DATE");
  EXPECT_EQ(task.at("DTEND").value, "20270120");
  EXPECT_EQ(task.count("DESCRIPTION"), 0u);
  EXPECT_EQ(task.count("URL"), 0u);
  EXPECT_EQ(events[2].at("DTSTART").value, "20271231");
  EXPECT_EQ(events[2].at("DTEND").value, "20280101");
}

TEST(IcsFeed, TheSameCalendarGivesTheSameUidsOnEveryFetch) {
  auto calendar = programme_calendar();
  const auto first = events_of(parse(ics_feed(calendar)));
  calendar.generated_at += 6 * 3600 * 1000;
  calendar.events[0].start += 24 * 3600 * 1000;  // the session moved a day
  const auto second = events_of(parse(ics_feed(calendar)));
  ASSERT_EQ(first.size(), second.size());
  for (std::size_t i = 0; i < first.size(); ++i) EXPECT_EQ(first[i].at("UID").value, second[i].at("UID").value);
  EXPECT_EQ(second[0].at("DTSTART").value, "20270113T093000Z");
}

TEST(IcsFeed, LongLinesAreFoldedAt75OctetsWithoutBreakingACharacter) {
  auto calendar = programme_calendar();
  // Two-, three- and four-byte characters, offset by one ASCII letter so folds land at every position.
  const std::string summary = "x" + std::string(40, ' ') + "Zoë Müller – 田中さん 😀😀😀 " + [] {
    std::string s;
    for (int i = 0; i < 30; ++i) s += "é日😀";
    return s;
  }();
  calendar.events[0].summary = summary;
  calendar.events[0].description = std::string(500, 'd');
  const std::string feed = ics_feed(calendar);
  for (const auto& physical : physical_lines(feed)) {
    EXPECT_LE(physical.size(), 75u) << physical;
    EXPECT_TRUE(is_valid_utf8(physical)) << "a fold split a character: " << physical;
  }
  const auto events = events_of(parse(feed));
  EXPECT_EQ(unescape(events[0].at("SUMMARY").value), summary);
  EXPECT_EQ(unescape(events[0].at("DESCRIPTION").value), std::string(500, 'd'));
}

TEST(IcsFeed, BackslashesSemicolonsCommasAndLineBreaksAreEscaped) {
  auto calendar = programme_calendar();
  calendar.events[0].summary = R"(Feedback; the "SBI" model, part 1\2)";
  calendar.events[0].description = "Line one\r\nLine two\nLine three\rend";
  const std::string feed = ics_feed(calendar);
  EXPECT_NE(feed.find(R"(SUMMARY:Feedback\; the "SBI" model\, part 1\\2)"), std::string::npos) << feed;
  const auto events = events_of(parse(feed));
  EXPECT_EQ(unescape(events[0].at("SUMMARY").value), R"(Feedback; the "SBI" model, part 1\2)");
  EXPECT_EQ(unescape(events[0].at("DESCRIPTION").value), "Line one\nLine two\nLine three\nend");
}

// A cohort title, a session title or a link typed by someone who wants to add an event to everyone's
// calendar (or a property to one) adds nothing: the text stays the value of its own property.
TEST(IcsFeed, TypedTextCannotAddAPropertyOrAnEvent) {
  auto calendar = programme_calendar();
  calendar.name = "Team;X-INJECTED=1,\nEND:VCALENDAR\r\nBEGIN:VEVENT\nSUMMARY:Pay the invoice";
  calendar.events[0].summary = "Session\r\nATTENDEE:mailto:boss@example.org";
  calendar.events[0].url = "https://huddle.example.org/\r\nBEGIN:VALARM";
  const auto properties = parse(ics_feed(calendar));
  std::size_t begins = 0;
  for (const auto& p : properties) {
    EXPECT_NE(p.name, "X-INJECTED");
    EXPECT_NE(p.name, "ATTENDEE");
    EXPECT_FALSE(p.name == "BEGIN" && p.value == "VALARM");
    if (p.name == "BEGIN" && p.value == "VEVENT") ++begins;
  }
  EXPECT_EQ(begins, 3u);
  EXPECT_EQ(unescape(value_of(properties, "X-WR-CALNAME")), "Team;X-INJECTED=1,\nEND:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Pay the invoice");
  EXPECT_EQ(properties.back().name + ":" + properties.back().value, "END:VCALENDAR");
  EXPECT_EQ(events_of(properties)[0].at("URL").value, "https://huddle.example.org/BEGIN:VALARM");
}

TEST(IcsFeed, AnEmptyProgrammeIsStillAValidCalendar) {
  IcsCalendar calendar;
  calendar.name = "Nothing planned";
  calendar.uid_base = "c-m@huddle";
  const auto properties = parse(ics_feed(calendar));
  EXPECT_TRUE(events_of(properties).empty());
  EXPECT_EQ(properties.front().value, "VCALENDAR");
  EXPECT_EQ(properties.back().value, "VCALENDAR");
}

}  // namespace
}  // namespace huddle::core
