;;; flymake-reqhooks.el --- Flymake backend for reqhooks  -*- lexical-binding: t; -*-

;; Checks Python dependency files (requirements*.txt, constraints, pyproject.toml, Pipfile and
;; lock files) with reqhooks as you edit: the buffer goes to `reqhooks check' on stdin, with
;; `--stdin-filename', so the lock and pyproject.toml beside it are read from disk.
;; JSON output: exact regions (reqhooks columns count characters, as Emacs does) and severities.
;;
;; Usage (Emacs >= 27):
;;   (add-to-list 'load-path "/path/to/editors/emacs")
;;   (require 'flymake-reqhooks)
;;   (add-hook 'find-file-hook #'flymake-reqhooks-setup)

;;; Code:

(require 'flymake)
(require 'subr-x)

(defgroup flymake-reqhooks nil
  "Flymake backend for reqhooks."
  :group 'flymake
  :prefix "flymake-reqhooks-")

(defcustom flymake-reqhooks-command '("reqhooks")
  "The reqhooks command, as a list (e.g. (\"uvx\" \"reqhooks\"))."
  :type '(repeat string))

(defcustom flymake-reqhooks-arguments nil
  "Extra arguments for `reqhooks check' (e.g. (\"--select\" \"BKP,PIN\"))."
  :type '(repeat string))

(defconst flymake-reqhooks-file-regexp
  (concat "\\(?:\\`\\|/\\)\\(?:"
          "[^/]*requirements[^/]*\\.\\(?:txt\\|in\\)\\|[^/]*constraints[^/]*\\.txt"
          "\\|pyproject\\.toml\\|Pipfile\\|Pipfile\\.lock\\|poetry\\.lock\\|uv\\.lock\\|pdm\\.lock"
          "\\|pylock\\(?:\\.[^/]+\\)?\\.toml\\)\\'")
  "Files reqhooks checks (it reads any other file as a requirements file).")

(defvar-local flymake-reqhooks--process nil)

(defun flymake-reqhooks--position (line column)
  "The buffer position of 1-based LINE and COLUMN (characters), clamped to the line."
  (save-excursion
    (save-restriction
      (widen)
      (goto-char (point-min))
      (forward-line (1- line))
      (min (+ (point) (max 0 (1- column))) (line-end-position)))))

(defun flymake-reqhooks--diagnostics (source report file)
  "Flymake diagnostics in SOURCE for the findings of REPORT about FILE."
  (let ((directory (file-name-directory file))
        (diagnostics nil))
    (dolist (finding (append (alist-get 'findings report) nil))
      (let-alist finding
        (when (file-equal-p (expand-file-name .path directory) file)
          (with-current-buffer source
            (let* ((beg (flymake-reqhooks--position .line .column))
                   (end (max (flymake-reqhooks--position .end_line .end_column) (1+ beg))))
              (push (flymake-make-diagnostic
                     source beg (min end (point-max))
                     (if (equal .severity "error") :error :warning)
                     (format "%s %s" .code .message))
                    diagnostics))))))
    (nreverse diagnostics)))

(defun flymake-reqhooks (report-fn &rest _args)
  "Flymake backend: check the buffer with reqhooks and call REPORT-FN."
  (unless (executable-find (car flymake-reqhooks-command))
    (error "Cannot find %s" (car flymake-reqhooks-command)))
  (when (process-live-p flymake-reqhooks--process)
    (kill-process flymake-reqhooks--process))
  (let* ((source (current-buffer))
         (file (expand-file-name (or (buffer-file-name) (error "The buffer visits no file"))))
         (stderr (generate-new-buffer " *flymake-reqhooks-stderr*"))
         ;; Run where the file is: reqhooks finds its configuration and prints paths from there.
         (default-directory (file-name-directory file)))
    (save-restriction
      (widen)
      (setq flymake-reqhooks--process
            (make-process
             :name "flymake-reqhooks"
             :noquery t
             :connection-type 'pipe
             :coding 'utf-8-unix
             :buffer (generate-new-buffer " *flymake-reqhooks*")
             :stderr stderr
             :command (append flymake-reqhooks-command
                              '("check" "--format" "json" "--exit-zero")
                              flymake-reqhooks-arguments
                              (list "--stdin-filename" file "-"))
             :sentinel
             (lambda (process _event)
               (when (memq (process-status process) '(exit signal))
                 (unwind-protect
                     (if (not (eq process (buffer-local-value 'flymake-reqhooks--process source)))
                         (flymake-log :warning "Canceling obsolete check %s" process)
                       (with-current-buffer (process-buffer process)
                         (goto-char (point-min))
                         (let ((report (condition-case nil
                                           (json-parse-buffer :object-type 'alist :null-object nil)
                                         (error nil))))
                           (if report
                               (funcall report-fn (flymake-reqhooks--diagnostics source report file))
                             (funcall report-fn :panic
                                      :explanation (with-current-buffer stderr
                                                     (string-trim (buffer-string))))))))
                   (kill-buffer (process-buffer process))
                   (kill-buffer stderr))))))
      (process-send-region flymake-reqhooks--process (point-min) (point-max))
      (process-send-eof flymake-reqhooks--process))))

;;;###autoload
(defun flymake-reqhooks-setup ()
  "Enable the reqhooks backend and Flymake in a dependency file's buffer."
  (when (and buffer-file-name (string-match-p flymake-reqhooks-file-regexp buffer-file-name))
    (add-hook 'flymake-diagnostic-functions #'flymake-reqhooks nil t)
    (flymake-mode 1)))

(provide 'flymake-reqhooks)
;;; flymake-reqhooks.el ends here
