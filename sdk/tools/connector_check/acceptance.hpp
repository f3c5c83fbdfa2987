// The acceptance run: every check ROI Host relies on, in the order a user meets them (load,
// describe, settings, connect, check, accounts, sync, resume, error kinds), each reported.
#pragma once

#include "cli_options.hpp"
#include "report.hpp"

namespace roi::connector_check {

// Runs every check against options.library; the report holds the verdicts.
void run_acceptance(const Options& options, Report& report);

}  // namespace roi::connector_check
