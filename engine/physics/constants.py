"""Physical constants and the temperature conventions of the library."""

# CODATA 2018 (E. Tiesinga et al., Rev. Mod. Phys. 2021, 93, 025010), exact in the 2019 SI.
FARADAY_C_MOL = 96485.33212
GAS_CONSTANT_J_MOL_K = 8.314462618
BOLTZMANN_eV_K = 8.617333262e-5  # k_B / e
ZERO_CELSIUS_K = 273.15
SECONDS_PER_HOUR = 3600.0
CM_PER_UM = 1e-4
# The temperature the library's conductivities, diffusivities and exchange currents are quoted at.
REFERENCE_TEMPERATURE_C = 25.0
