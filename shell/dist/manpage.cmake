# Writes the manual page annals(1) from the program's own help, so that the two never differ:
#   cmake -DANNALS=path/to/annals -DVERSION=x.y.z -DOUT=annals.1 -P manpage.cmake
# The page holds `annals --help` and each command's `--help`, verbatim (roff's no-fill mode).

function(help_of out)
  execute_process(COMMAND ${ANNALS} ${ARGN} --help OUTPUT_VARIABLE text RESULT_VARIABLE rc
                  ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "'annals ${ARGN} --help' failed (${rc}): ${err}")
  endif()
  # Roff: a backslash is \e; a line starting with . or ' would be a request.
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

help_of(main)
# The commands: the lines "  NAME  description" under "commands:".
string(REGEX MATCH "commands:\n(.*)\n\n" block "${main}")
string(REGEX MATCHALL "\n  [a-z]+ " names "\n${CMAKE_MATCH_1}")

set(page ".TH ANNALS 1 \"\" \"Annals ${VERSION}\" \"User Commands\"\n")
string(APPEND page ".SH NAME\nannals \\- a temporal RDF quad store: SPARQL with valid time and sources\n")
string(APPEND page ".SH SYNOPSIS\n.B annals\n[\\fICOMMAND\\fR] [\\fIOPTIONS\\fR]\n")
string(APPEND page ".SH DESCRIPTION\n.nf\n${main}.fi\n.SH COMMANDS\n")
foreach(line IN LISTS names)
  string(STRIP "${line}" name)
  help_of(text ${name})
  string(APPEND page ".SS annals ${name}\n.nf\n${text}.fi\n")
endforeach()
string(APPEND page ".SH ENVIRONMENT\n.TP\n.B ANNALS_STORE\nthe store when no --store is given\n")
string(APPEND page ".TP\n.B XDG_DATA_HOME\nthe default store is \\fI$XDG_DATA_HOME/annals\\fR "
                   "(\\fI~/.local/share/annals\\fR)\n")
string(APPEND page ".SH EXIT STATUS\n.TP\n0\nsuccess\n.TP\n1\nbad input (named with its "
                   "file:line:column); nothing changed\n.TP\n2\na usage error\n.TP\n3\n"
                   "a store error, or a problem \\fBannals check\\fR found\n.TP\n4\nan "
                   "operation that failed: a query past its timeout or memory budget, a refused "
                   "request\n")
file(WRITE "${OUT}" "${page}")
