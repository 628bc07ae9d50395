#include "app/cli.hpp"

int main(int argc, char** argv) {
    return vrex::app::run_cli(argc, argv);
}
