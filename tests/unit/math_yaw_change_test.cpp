// math::yaw_change_deg: the turn about the vertical between two directions (a controller's aim, while it holds a
// model).
#include <gtest/gtest.h>

#include "math/angles.hpp"
#include "math/camera.hpp"

using namespace vrex::math;

namespace {

TEST(YawChange, ATurnToTheRightIsPositive) {
    EXPECT_NEAR(yaw_change_deg(direction_from_yaw_pitch(10, 0), direction_from_yaw_pitch(40, 0)), 30.0, 1e-9);
    EXPECT_NEAR(yaw_change_deg(direction_from_yaw_pitch(40, 0), direction_from_yaw_pitch(15, 0)), -25.0, 1e-9);
}

TEST(YawChange, AtAnyPitch) {
    EXPECT_NEAR(yaw_change_deg(direction_from_yaw_pitch(10, -60), direction_from_yaw_pitch(40, -60)), 30.0, 1e-9);
    EXPECT_NEAR(yaw_change_deg(direction_from_yaw_pitch(-100, 35), direction_from_yaw_pitch(-70, 20)), 30.0, 1e-9);
    EXPECT_NEAR(yaw_change_deg({0.0, 0.0, -2.0}, {3.0, 0.0, 0.0}), 90.0, 1e-9); // not normalised
}

TEST(YawChange, PitchAloneAddsNothing) {
    EXPECT_NEAR(yaw_change_deg(direction_from_yaw_pitch(20, 0), direction_from_yaw_pitch(20, 30)), 0.0, 1e-9);
}

TEST(YawChange, AcrossTheBack) {
    EXPECT_NEAR(yaw_change_deg(direction_from_yaw_pitch(170, 0), direction_from_yaw_pitch(-170, 0)), 20.0, 1e-9);
    EXPECT_NEAR(yaw_change_deg(direction_from_yaw_pitch(0, 0), direction_from_yaw_pitch(180, 0)), 180.0, 1e-9);
}

TEST(YawChange, NothingNearlyStraightUpOrDown) {
    EXPECT_EQ(yaw_change_deg(direction_from_yaw_pitch(0, -85), direction_from_yaw_pitch(90, -85)), 0.0);
    EXPECT_EQ(yaw_change_deg(direction_from_yaw_pitch(0, 0), direction_from_yaw_pitch(90, 89)), 0.0);
    EXPECT_NEAR(yaw_change_deg(direction_from_yaw_pitch(0, -85), direction_from_yaw_pitch(90, -85), 88), 90.0, 1e-9);
}

} // namespace
