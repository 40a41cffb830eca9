/**
 * The default run: what {@code mvn -pl district -am spring-boot:run} adds to the deployable platform, and what a
 * municipality's installation never carries: the demo data ({@code demo}) and the simulated homes on the air
 * ({@code homes}: the real gateway relay, simulated locks on emulated Bluetooth).
 */
package se.nyckelfri.district;
