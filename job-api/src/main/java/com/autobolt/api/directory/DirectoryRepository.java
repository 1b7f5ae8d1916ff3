package com.autobolt.api.directory;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/** The catalog's directories as aggregates (Spring Data JPA); job planning's queries are in {@link DirectoryCatalog}. */
interface DirectoryRepository extends JpaRepository<Directory, String> {

    Page<Directory> findAllByActive(boolean active, Pageable page);
}
