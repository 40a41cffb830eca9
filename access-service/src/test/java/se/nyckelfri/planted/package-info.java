/** Planted violations of module boundaries, for {@code FeatureModulesTest} to show that its verification finds them. */
package se.nyckelfri.planted;
