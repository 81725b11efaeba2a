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

}  // namespace huddle::core
