#pragma once
// Deferred destruction: GPU objects that a submitted frame may still use are kept until that frame's fence has
// been waited on. Presenters own one; the app retires what it replaces (a panorama, a panel texture).
#include <cstdint>
#include <deque>
#include <memory>
#include <utility>

namespace vrex::gpu {

class DeferredDeletion {
public:
    // Keeps `object` alive until submission `submission` (and all before it) has completed.
    template <typename T> void retire(T&& object, uint64_t submission) {
        m_items.push_back({submission, std::make_unique<Holder<std::decay_t<T>>>(std::forward<T>(object))});
    }
    // Destroys everything retired for submissions below `completed` (the count of completed submissions).
    void collect(uint64_t completed) {
        while (!m_items.empty() && m_items.front().submission < completed) m_items.pop_front();
    }
    void clear() { m_items.clear(); }
    size_t size() const { return m_items.size(); }

private:
    struct Base {
        virtual ~Base() = default;
    };
    template <typename T> struct Holder : Base {
        explicit Holder(T&& v) : value(std::move(v)) {}
        T value;
    };
    struct Item {
        uint64_t submission;
        std::unique_ptr<Base> object;
    };
    std::deque<Item> m_items; // submission numbers only grow, so the front is always the oldest
};

} // namespace vrex::gpu
