#!/bin/bash
# vrex on a real NVIDIA Vulkan driver: GPU goldens (validation on), vrex shot of a model exhibit, the render bench.
set -x

for f in .gl/*.deb; do dpkg -x $f /; done; ldconfig
mkdir -p /tmp/dc && tar xJf .devcheck/pack.tar.xz -C /tmp/dc || exit 9
ln -sfn /tmp/dc/src /tmp/vrex-dev # the source dir the test binaries were built with (goldens, test data)
export LD_LIBRARY_PATH=/tmp/dc/lib VK_LAYER_PATH=/tmp/dc/layer VREX_VALIDATION=1 VREX_SOURCE_DIR=/tmp/vrex-dev
ls /usr/local/nvidia/share/vulkan/icd.d/ /usr/share/vulkan/icd.d/ /etc/vulkan/icd.d/ 2>&1
[ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ] && export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
nvidia-smi -L
B=/tmp/dc/bin
mkdir -p $OUT/golden
cd /tmp/vrex-dev
VREX_GOLDEN_OUT=$OUT/golden timeout 240 $B/vrex_gpu_tests --gtest_filter="${FILTER:-ModelTest.*:PanoramaSizes.*:GpuTest.*:ModelPick.*}" >$OUT/gpu_tests.log 2>&1
echo "gpu tests rc=$?"; grep -E "^\[  (FAILED|PASSED) |OK \]|FAILED  \]|block|device|GPU" $OUT/gpu_tests.log | head -60
timeout 60 $B/vrex shot src-tour/tour.yaml --size 800x450 --pitch 0 --hfov 90 --yaw 0 --open '#0' -o $OUT/duck_nvidia.png --timings 2>&1
echo "shot rc=$?"
timeout 60 $B/vrex shot /tmp/vrex-dev/scenes/museum --size 800x450 -o $OUT/museum_nvidia.png --timings 2>&1
echo "shot rc=$?"
timeout 120 $B/vrex_bench --benchmark_filter='UploadAndConvert/8192|RenderView' --benchmark_min_time=0.5 2>&1 | tail -12
cd $OUT && tar czf golden.tgz golden && rm -rf golden
ls -la $OUT
