// A Jest reporter that records how many tests passed and failed in this Jest run, one JSON file
// per run, in JEST_JSON_REPORT_DIR. `.ci/run` adds the files up into its closing line, because
// Nx runs one Jest per project and nobody reads Jest's own summaries.
const fs = require('node:fs');
const path = require('node:path');

class JestCountReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.JEST_JSON_REPORT_DIR;
    if (!dir) return;
    fs.mkdirSync(dir, { recursive: true });
    const name = path.basename(this.globalConfig.rootDir) + '-' + process.pid + '-' + Date.now();
    const failedSuites = results.testResults
      .filter(
        (suite) => suite.testExecError || (suite.failureMessage && suite.numFailingTests === 0),
      )
      .map((suite) => path.relative(process.cwd(), suite.testFilePath));
    fs.writeFileSync(
      path.join(dir, name + '.json'),
      JSON.stringify({
        rootDir: this.globalConfig.rootDir,
        passed: results.numPassedTests,
        failed: results.numFailedTests,
        pending: results.numPendingTests + results.numTodoTests,
        failedSuites,
      }),
    );
  }
}

module.exports = JestCountReporter;
