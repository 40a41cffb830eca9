/** The in-process witness's C2SP tlog-witness HTTP interface ({@code POST /witness/add-checkpoint}). */
package se.nyckelfri.platform.witness;
