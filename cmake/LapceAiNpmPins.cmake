# lapceai_npm_pins(<out_var> PINS <folder under packaging/> CACHE_NAME <name>
#                  OVERRIDE <cache variable> WHAT <what the packages are, for messages>)
#
# Sets <out_var> to a folder holding node_modules/ of the npm packages pinned in
# packaging/<PINS>/package-lock.json: the folder named by the cache variable <OVERRIDE> when it is
# set, else the one packaging/fetch-npm-pins.sh installs into (or finds in) the user cache at
# configure time. Fails the configure with what to do when npm is missing or the install fails.
function(lapceai_npm_pins out_var)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "PINS;CACHE_NAME;OVERRIDE;WHAT" "")
  set(pins ${PROJECT_SOURCE_DIR}/packaging/${arg_PINS})
  set(${arg_OVERRIDE} "" CACHE PATH
      "Folder with node_modules/ of packaging/${arg_PINS} installed (default: fetched into the user cache)")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
               ${pins}/package.json ${pins}/package-lock.json)
  set(override_hint "or pass -D${arg_OVERRIDE}=<folder with node_modules/ of packaging/${arg_PINS} installed>")

  if(${arg_OVERRIDE})
    set(${out_var} "${${arg_OVERRIDE}}" PARENT_SCOPE)
    return()
  endif()

  find_program(LAPCE_AI_BASH bash)
  find_program(LAPCE_AI_NPM npm)
  if(NOT LAPCE_AI_BASH)
    message(FATAL_ERROR "bash is needed to run packaging/fetch-npm-pins.sh; ${override_hint}")
  endif()
  set(npm_for_fetch npm)
  if(LAPCE_AI_NPM)
    set(npm_for_fetch "${LAPCE_AI_NPM}")
  endif()
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env LAPCE_AI_NPM=${npm_for_fetch}
            ${LAPCE_AI_BASH} ${PROJECT_SOURCE_DIR}/packaging/fetch-npm-pins.sh
            ${arg_PINS} ${arg_CACHE_NAME}
    OUTPUT_VARIABLE folder
    OUTPUT_STRIP_TRAILING_WHITESPACE
    ERROR_VARIABLE fetch_errors
    ECHO_ERROR_VARIABLE
    RESULT_VARIABLE fetch_result)
  if(NOT fetch_result EQUAL 0)
    # Exit code 3: the script found no npm.
    if(fetch_result EQUAL 3)
      set(fetch_hint "npm was not found: install Node.js and npm (packaging/bootstrap-deps.sh)")
    else()
      set(fetch_hint "npm ci (${npm_for_fetch}) failed: is the npm registry reachable")
    endif()
    message(FATAL_ERROR "Fetching ${arg_WHAT} failed (exit ${fetch_result}). ${fetch_hint}; "
                        "${override_hint}.\n${fetch_errors}")
  endif()
  set(${out_var} "${folder}" PARENT_SCOPE)
endfunction()
