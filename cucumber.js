// Gherkin scenarios: features/*.feature, steps and the World in TypeScript via ts-node.
module.exports = {
  default: {
    paths: ['features/**/*.feature'],
    requireModule: ['ts-node/register/transpile-only'],
    require: ['features/support/**/*.ts', 'features/step_definitions/**/*.ts'],
    format: ['progress', 'html:reports/cucumber/report.html', 'json:reports/cucumber/report.json'],
    formatOptions: { snippetInterface: 'async-await' },
  },
};
