" reqhooks for ALE (https://github.com/dense-analysis/ale): copy this directory's
" ale_linters/ into a directory on 'runtimepath' (e.g. ~/.vim/ale_linters/).
" It checks the unsaved buffer (ALE pipes it to stdin) and reads JSON for end positions.

call ale#Set('requirements_reqhooks_executable', 'reqhooks')
call ale#Set('requirements_reqhooks_options', '')

" reqhooks reads any file it is handed as a requirements file: only run on dependency files.
let s:names = '\v(requirements.*\.(txt|in)|.*[-_.]requirements.*\.(txt|in)|.*constraints.*\.txt|'
\   . 'pyproject\.toml|Pipfile|Pipfile\.lock|poetry\.lock|uv\.lock|pdm\.lock|pylock(\..+)?\.toml)$'

function! ale_linters#requirements#reqhooks#GetCommand(buffer) abort
    if fnamemodify(bufname(a:buffer), ':t') !~# s:names
        return ''
    endif

    return '%e check --format json --exit-zero'
    \   . ale#Pad(ale#Var(a:buffer, 'requirements_reqhooks_options'))
    \   . ' --stdin-filename %s -'
endfunction

" reqhooks counts columns in characters; ALE wants byte columns.
function! s:ByteCol(buffer, lnum, col) abort
    let l:line = get(getbufline(a:buffer, a:lnum), 0, '')
    let l:index = byteidx(l:line, a:col - 1)

    return l:index < 0 ? len(l:line) + 1 : l:index + 1
endfunction

function! ale_linters#requirements#reqhooks#Handle(buffer, lines) abort
    let l:report = ale#util#FuzzyJSONDecode(a:lines, {})
    let l:name = fnamemodify(bufname(a:buffer), ':p')
    let l:dir = fnamemodify(l:name, ':h')
    let l:output = []

    for l:finding in get(l:report, 'findings', [])
        let l:path = l:finding.path =~# '^/' ? l:finding.path : l:dir . '/' . l:finding.path

        " A pyproject.toml check also reports its lock: keep this buffer's findings only.
        if simplify(fnamemodify(l:path, ':p')) isnot# simplify(l:name)
            continue
        endif

        call add(l:output, {
        \   'lnum': l:finding.line,
        \   'col': s:ByteCol(a:buffer, l:finding.line, l:finding.column),
        \   'end_lnum': l:finding.end_line,
        \   'end_col': s:ByteCol(a:buffer, l:finding.end_line, l:finding.end_column) - 1,
        \   'type': l:finding.severity is# 'error' ? 'E' : 'W',
        \   'code': l:finding.code,
        \   'text': l:finding.message,
        \})
    endfor

    return l:output
endfunction

call ale#linter#Define('requirements', {
\   'name': 'reqhooks',
\   'executable': {b -> ale#Var(b, 'requirements_reqhooks_executable')},
\   'cwd': '%s:h',
\   'command': function('ale_linters#requirements#reqhooks#GetCommand'),
\   'callback': 'ale_linters#requirements#reqhooks#Handle',
\   'output_stream': 'stdout',
\})
