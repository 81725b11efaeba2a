#include "core/programme/ics_feed.hpp"

#include <cstdio>
#include <string_view>

namespace huddle::core {

namespace {

using namespace std::chrono;

// Appends one content line, folded: a line longer than 75 octets goes on in lines that begin with a space
// (which counts toward their 75). A fold never falls inside a UTF-8 sequence: calendars that decode each
// physical line would otherwise show broken characters.
void line(std::string& out, std::string_view content) {
  std::size_t room = ics_line_octets;
  while (content.size() > room) {
    std::size_t cut = room;
    while (cut > 0 && (static_cast<unsigned char>(content[cut]) & 0xC0) == 0x80) --cut;
    if (cut == 0) cut = room;  // not UTF-8 at all: any cut is as good as another
    out.append(content.substr(0, cut));
    out += "\r\n ";
    content.remove_prefix(cut);
    room = ics_line_octets - 1;
  }
  out.append(content);
  out += "\r\n";
}

// A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped, so the value can end
// neither its line nor its property; other control characters (which TEXT does not allow) are dropped.
std::string text(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r':
        if (i + 1 == value.size() || value[i + 1] != '\n') out += "\\n";  // a lone CR is a line break too
        break;
      default:
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) break;
        out += c;
    }
  }
  return out;
}

// A URI value is not escaped (a backslash would be part of the link), so it only loses what could end its line.
std::string uri(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (static_cast<unsigned char>(c) > 0x20 && c != 0x7F) out += c;
  }
  return out;
}

// "YYYYMMDD", the DATE form.
std::string date(year_month_day day) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d%02u%02u", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                static_cast<unsigned>(day.day()));
  return out;
}

// "YYYYMMDDTHHMMSSZ", the DATE-TIME form in UTC, so no time zone definitions are needed: the calendar app shows
// it in the member's own zone.
std::string utc(Millis at) {
  const sys_time<milliseconds> t{milliseconds{at}};
  const auto day = floor<days>(t);
  const hh_mm_ss time{floor<seconds>(t - day)};
  char out[16];
  std::snprintf(out, sizeof out, "T%02d%02d%02dZ", static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
  return date(year_month_day{day}) + out;
}

}  // namespace

std::string ics_feed(const IcsCalendar& calendar) {
  std::string out;
  line(out, "BEGIN:VCALENDAR");
  line(out, "VERSION:2.0");
  line(out, "PRODID:-//Huddle//Programmes//EN");
  line(out, "CALSCALE:GREGORIAN");
  line(out, "METHOD:PUBLISH");
  line(out, "X-WR-CALNAME:" + text(calendar.name));
  // How often a subscribed calendar should fetch the feed again (a moved session shows within hours);
  // the first is RFC 7986's, the second what Outlook and Apple Calendar read.
  line(out, "REFRESH-INTERVAL;VALUE=DURATION:PT6H");
  line(out, "X-PUBLISHED-TTL:PT6H");
  const std::string stamp = utc(calendar.generated_at);
  for (const IcsEvent& event : calendar.events) {
    line(out, "BEGIN:VEVENT");
    line(out, "UID:" + text(event.uid_suffix + "." + calendar.uid_base));
    line(out, "DTSTAMP:" + stamp);
    if (event.all_day) {
      line(out, "DTSTART;VALUE=DATE:" + date(*event.all_day));
      line(out, "DTEND;VALUE=DATE:" + date(year_month_day{sys_days{*event.all_day} + days{1}}));
      // A due date is a reminder, not an appointment: it does not make the member look busy.
      line(out, "TRANSP:TRANSPARENT");
    } else {
      line(out, "DTSTART:" + utc(event.start));
      if (event.duration_minutes > 0) {
        line(out, "DTEND:" + utc(event.start + Millis{event.duration_minutes} * 60'000));
      }
    }
    line(out, "SUMMARY:" + text(event.summary));
    if (!event.description.empty()) line(out, "DESCRIPTION:" + text(event.description));
    if (!event.url.empty()) line(out, "URL:" + uri(event.url));
    line(out, "END:VEVENT");
  }
  line(out, "END:VCALENDAR");
  return out;
}

}  // namespace huddle::core
