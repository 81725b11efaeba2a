#pragma once
// The usual visitor helper for std::visit over the command and event variants.

namespace huddle::core {

template <class... Fs>
struct overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
overloaded(Fs...) -> overloaded<Fs...>;

}  // namespace huddle::core
