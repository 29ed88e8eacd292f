# Installing and packaging: `cmake --install BUILD` puts the program, its manual page and
# bash completion (component "program") and the embedding API (component "dev": static
# libraries, headers, the CMake package and annals.pc) under the prefix; `cpack -G DEB` in the
# build folder makes annals_VERSION_ARCH.deb and libannals-dev_VERSION_ARCH.deb from the same
# rules, their dependencies found by dpkg-shlibdeps.

# annals(1), made from the program's own help when the program is built.
set(ANNALS_MANPAGE ${CMAKE_CURRENT_BINARY_DIR}/annals.1)
add_custom_command(OUTPUT ${ANNALS_MANPAGE}
  COMMAND ${CMAKE_COMMAND} -DANNALS=$<TARGET_FILE:annals_cli> -DVERSION=${PROJECT_VERSION}
          -DOUT=${ANNALS_MANPAGE} -P ${CMAKE_CURRENT_SOURCE_DIR}/shell/dist/manpage.cmake
  DEPENDS annals_cli ${CMAKE_CURRENT_SOURCE_DIR}/shell/dist/manpage.cmake
  COMMENT "annals(1) from the program's help")
add_custom_target(annals_man ALL DEPENDS ${ANNALS_MANPAGE})

install(TARGETS annals_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT program)
install(FILES ${ANNALS_MANPAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT program)
install(FILES shell/dist/annals.bash-completion RENAME annals COMPONENT program
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)

# Relocatable: the prefix is found from where the file lies (the .deb installs under /usr).
file(RELATIVE_PATH ANNALS_PC_TO_PREFIX /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
string(TOLOWER "${ANNALS_LIBRARY_TYPE}" ANNALS_PC_KIND)
configure_file(cmake/annals.pc.in ${CMAKE_CURRENT_BINARY_DIR}/annals.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/annals.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

set(CPACK_PACKAGE_NAME annals)
set(CPACK_PACKAGE_VENDOR "Annals")
set(CPACK_PACKAGE_CONTACT "Annals developers <annals@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "temporal RDF quad store: SPARQL with valid time and sources, on RocksDB")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL program dev)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PROGRAM_PACKAGE_NAME annals)
set(CPACK_DEBIAN_DEV_PACKAGE_NAME libannals-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
# The static libraries need these at link time (as cmake/AnnalsConfig.cmake.in finds them).
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "librocksdb-dev, libicu-dev, libssl-dev, zlib1g-dev, libexpat1-dev, libboost-dev")
set(CPACK_COMPONENT_PROGRAM_DESCRIPTION "the annals program: REPL, loader, SPARQL endpoint")
set(CPACK_COMPONENT_DEV_DESCRIPTION "static libraries and headers to embed Annals")
include(CPack)
