// Package alert tells people when a pipeline's runs go wrong: a run that
// fails or sets records aside starts a failure streak and sends one alert
// (Slack-compatible webhook JSON and/or e-mail over SMTP) with the first
// error and a link to the run; later bad runs of the streak stay quiet, and
// the first good run sends one recovery. The recent alerts are kept for the
// API and the dashboard.
package alert
