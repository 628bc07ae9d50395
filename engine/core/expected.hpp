#pragma once
// A small std::expected stand-in (C++20 has none): either a value or an error value.
#include <cassert>
#include <utility>
#include <variant>

namespace vrex::core {

template <typename E> struct Unexpected { E error; };
template <typename E> Unexpected<std::decay_t<E>> unexpected(E&& e) {
    return {std::forward<E>(e)};
}

template <typename T, typename E> class Expected {
public:
    Expected(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    template <typename U> Expected(Unexpected<U> e) : m_v(std::in_place_index<1>, std::move(e.error)) {}

    bool has_value() const { return m_v.index() == 0; }
    explicit operator bool() const { return has_value(); }
    T& value() & { return std::get<0>(m_v); }
    const T& value() const& { return std::get<0>(m_v); }
    T&& value() && { return std::get<0>(std::move(m_v)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const E& error() const { return std::get<1>(m_v); }

private:
    std::variant<T, E> m_v;
};

} // namespace vrex::core
