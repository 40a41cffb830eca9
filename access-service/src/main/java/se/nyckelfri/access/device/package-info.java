/**
 * Staff devices: the phones whose own P-256 keys offline credentials are bound to; registered by their holder,
 * blocked by a manager, by the holder, or when employment ends.
 */
@OwnsTables({"staff_device"})
package se.nyckelfri.access.device;

import se.nyckelfri.access.system.OwnsTables;
