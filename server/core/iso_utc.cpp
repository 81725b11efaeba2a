#include "core/iso_utc.hpp"

#include <chrono>
#include <cstdio>

namespace huddle::core {

std::string iso_utc(Millis at) {
  using namespace std::chrono;
  const sys_time<milliseconds> t{milliseconds{at}};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{floor<seconds>(t - day)};
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return out;
}

std::optional<Millis> parse_iso_utc(std::string_view text) {
  using namespace std::chrono;
  auto digits = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    if (at + n > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  auto is = [&](std::size_t at, char c) { return at < text.size() && text[at] == c; };
  auto y = digits(0, 4), mo = digits(5, 2), d = digits(8, 2), h = digits(11, 2), mi = digits(14, 2);
  if (!y || !mo || !d || !h || !mi || !is(4, '-') || !is(7, '-') || !is(10, 'T') || !is(13, ':')) return std::nullopt;
  std::size_t at = 16;
  int sec = 0, ms = 0;
  if (is(at, ':')) {
    auto s = digits(at + 1, 2);
    if (!s) return std::nullopt;
    sec = *s;
    at += 3;
    if (is(at, '.')) {
      auto f = digits(at + 1, 3);
      if (!f) return std::nullopt;
      ms = *f;
      at += 4;
    }
  }
  if (!is(at, 'Z') || at + 1 != text.size() || *h > 23 || *mi > 59 || sec > 59) return std::nullopt;
  const year_month_day ymd{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  const auto t = sys_days{ymd} + hours{*h} + minutes{*mi} + seconds{sec} + milliseconds{ms};
  return duration_cast<milliseconds>(t.time_since_epoch()).count();
}

}  // namespace huddle::core
