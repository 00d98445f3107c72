package io.github.noisecal.calibration.fit;

/**
 * A family's maximum-likelihood result before model selection.
 *
 * @param parameters    natural parameters
 * @param logLikelihood maximised censored log-likelihood (densities per ms)
 * @param covariance    inverse observed information in natural parameters
 */
record FamilyFit(double[] parameters, double logLikelihood, double[][] covariance) {
}
