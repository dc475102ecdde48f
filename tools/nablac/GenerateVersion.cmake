# Writes NablaVersion.inc with the source revision, at build time so that
# every build names the commit it was built from. configure_file rewrites
# the file only when the revision changed, so nothing rebuilds otherwise.
#   cmake -DSOURCE_DIR=... -DOUTPUT=... -DVERSION=... -P GenerateVersion.cmake
execute_process(
  COMMAND git -C "${SOURCE_DIR}" describe --always --dirty --abbrev=12
  OUTPUT_VARIABLE NABLA_REVISION OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET RESULT_VARIABLE status)
if(NOT status EQUAL 0 OR NABLA_REVISION STREQUAL "")
  set(NABLA_REVISION "unknown revision")
endif()
file(WRITE "${OUTPUT}.new"
  "#define NABLA_VERSION \"${VERSION}\"\n#define NABLA_REVISION \"${NABLA_REVISION}\"\n")
configure_file("${OUTPUT}.new" "${OUTPUT}" COPYONLY)
file(REMOVE "${OUTPUT}.new")
