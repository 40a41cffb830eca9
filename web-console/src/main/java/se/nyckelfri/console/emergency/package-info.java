/** Managers' follow-up of emergency openings at their units' residents' doors: each reviewed once, the review recorded. */
package se.nyckelfri.console.emergency;
